import type { Db } from "./db";

/** The client handed to an interactive transaction callback. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
