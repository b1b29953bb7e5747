import fs from "node:fs";
import path from "node:path";

const SOURCE_DIRS = ["app", "components", "lib", "public"];
const SOURCE_FILES = ["next.config.mjs", "postcss.config.mjs", "package.json", "tsconfig.json", "proxy.ts"];

/** True when there is no production build or a source file is newer than it. */
export function isBuildStale(root: string): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const builtAt = fs.statSync(buildId).mtimeMs;
  const isNewer = (file: string) => fs.statSync(file).mtimeMs > builtAt;
  return (
    SOURCE_FILES.some((f) => fs.existsSync(path.join(root, f)) && isNewer(path.join(root, f))) ||
    SOURCE_DIRS.some((dir) => anyFile(path.join(root, dir), isNewer))
  );
}

function anyFile(dir: string, test: (file: string) => boolean): boolean {
  if (!fs.existsSync(dir)) return false;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() ? anyFile(full, test) : test(full)) return true;
  }
  return false;
}
