/** @type {import("next").NextConfig} */
const nextConfig = {
  // The generated Prisma clients load their query compiler from their own folder at run time.
  serverExternalPackages: ["@spikewatch/prisma-sqlite", "@spikewatch/prisma-postgres"],
  poweredByHeader: false,
  // Browsers ask for /favicon.ico on pages without an icon link (such as a 404): answer with the app icon.
  async rewrites() {
    return [{ source: "/favicon.ico", destination: "/icon.svg" }];
  },
};

export default nextConfig;
