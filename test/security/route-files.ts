import fs from "node:fs";
import path from "node:path";

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type RouteMethod = { route: string; method: string; handler: RouteHandler };

const API_DIR = path.resolve(import.meta.dirname, "../../app/api");
export const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"];

/** Every exported method of every app/api route file, found on disk, so a new route cannot be missed. */
export async function routeMethods(): Promise<RouteMethod[]> {
  const files = (fs.readdirSync(API_DIR, { recursive: true }) as string[])
    .filter((f) => path.basename(f) === "route.ts")
    .sort();
  const found: RouteMethod[] = [];
  for (const file of files) {
    const module = (await import(path.join(API_DIR, file))) as Record<string, unknown>;
    const route = `/api/${path.dirname(file).split(path.sep).join("/")}`;
    for (const method of ["GET", "HEAD", ...WRITE_METHODS]) {
      if (typeof module[method] === "function") found.push({ route, method, handler: module[method] as RouteHandler });
    }
  }
  return found;
}

/** Calls a handler with a dummy id and only the given headers; reads the status, never a (streamed) body. */
export async function statusOf(
  entry: RouteMethod,
  headers: Record<string, string> = {},
  body?: string,
): Promise<number> {
  const res = await entry.handler(new Request("http://spikewatch.test/api", { method: entry.method, headers, body }), {
    params: Promise.resolve({ id: "no-such-id", checkpointId: "no-such-id" }),
  });
  await res.body?.cancel();
  return res.status;
}
