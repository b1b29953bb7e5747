import path from "node:path";
import { defineConfig } from "prisma/config";
import { resolveConfig } from "./lib/server/config";
import { createAdapterFactory } from "./lib/server/adapter";
import { patchPgCatalogTypes } from "./prisma/pg-catalog-types";

// The CLI (generate, migrate deploy) runs through a driver adapter: no native engine downloads offline.
const config = resolveConfig(process.env);
const isPostgres = config.provider === "postgresql";
if (isPostgres) patchPgCatalogTypes();

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: isPostgres ? path.join("prisma", "postgres", "schema.prisma") : path.join("prisma", "schema.prisma"),
  migrations: { path: isPostgres ? path.join("prisma", "postgres", "migrations") : path.join("prisma", "migrations") },
  async adapter() {
    return createAdapterFactory(config, { isCli: true });
  },
});
