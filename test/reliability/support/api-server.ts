// A web process for the reliability suites: serves the app's real route handlers (app/api/**/route.ts)
// over node:http on PORT, without a Next build, so a suite can kill it mid-request and start it again.
// On SIGTERM it exits at once, as `next start` does, cutting off requests in flight.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Route = { pattern: RegExp; paramNames: string[]; file: string };

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
const BODYLESS = new Set(["GET", "HEAD"]);

/** One route per app/api/**\/route.ts; a `[name]` folder matches one path segment. */
function findRoutes(dir: string, segments: string[] = []): Route[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return findRoutes(path.join(dir, entry.name), [...segments, entry.name]);
    if (entry.name !== "route.ts") return [];
    const paramNames = segments.filter((s) => s.startsWith("[")).map((s) => s.slice(1, -1));
    const source = segments.map((s) => (s.startsWith("[") ? "/([^/]+)" : `/${s}`)).join("");
    return [{ pattern: new RegExp(`^/api${source}/?$`), paramNames, file: path.join(dir, entry.name) }];
  });
}

const routes = findRoutes(path.join(ROOT, "app", "api"));
const modules = new Map<string, Promise<Record<string, unknown>>>();

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
  const match = routes.map((route) => ({ route, found: route.pattern.exec(url.pathname) })).find((m) => m.found);
  if (!match) return void res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"code":"NOT_FOUND","message":"no route"}}');

  const file = match.route.file;
  if (!modules.has(file)) modules.set(file, import(pathToFileURL(file).href) as Promise<Record<string, unknown>>);
  const handler = (await modules.get(file)!)[req.method ?? "GET"] as RouteHandler | undefined;
  if (!handler) return void res.writeHead(405).end();

  const params = Object.fromEntries(match.route.paramNames.map((name, i) => [name, decodeURIComponent(match.found![i + 1]!)]));
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const body = BODYLESS.has(req.method ?? "GET") ? undefined : (Readable.toWeb(req) as ReadableStream<Uint8Array>);
  const request = new Request(url, { method: req.method, headers, body, duplex: "half" } as RequestInit);

  const response = await handler(request, { params: Promise.resolve(params) });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body) for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
  res.end();
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end('{"error":{"code":"INTERNAL","message":"Internal error"}}');
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`api-server listening on ${process.env.PORT}`));
process.once("SIGTERM", () => process.exit(0));
