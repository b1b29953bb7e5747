#!/usr/bin/env node
// `npx spikewatch <command>` from the checkout: runs the TypeScript CLI through tsx, no build step.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
register({ tsconfig: path.join(root, "tsconfig.json") });
const { main } = await import(path.join(root, "cli", "main.ts"));
process.exitCode = await main(process.argv.slice(2));
