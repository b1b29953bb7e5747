import { resolveConfig, type Config } from "./config";
import { getDb, type Db } from "./db";

let config: Config | undefined;

/** Settings parsed once per process from the environment. */
export function getConfig(): Config {
  config ??= resolveConfig(process.env);
  return config;
}

export function db(): Db {
  return getDb();
}
