/** @type {import("next").NextConfig} */
const nextConfig = {
  // The generated Prisma clients load their query compiler from their own folder at run time.
  serverExternalPackages: ["@spikewatch/prisma-sqlite", "@spikewatch/prisma-postgres"],
  poweredByHeader: false,
};

export default nextConfig;
