import type { z } from "zod";
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "@/lib/domain/ingest/storable-text";
import { nonFiniteAsName } from "@/lib/domain/series/metric-value";
import { exceedsJsonDepth } from "@/lib/utils/json-depth";
import { requireReadAccess } from "./auth/read-access";
import { db, getConfig } from "./context";
import { AppError, toErrorResponse } from "./errors";

/** Deeper JSON parses, but overflows the stack of JSON.stringify and the validators after it. */
export const MAX_JSON_DEPTH = 64;

type RouteContext = { params: Promise<Record<string, string>> };
type Handler = (req: Request, ctx: RouteContext) => Promise<Response>;

/**
 * Wraps a route handler so every failure becomes a JSON error response. Reads (GET, HEAD) also pass
 * the read-token check here, so no read endpoint can forget it; `isPublic` opts out (health checks).
 * Writes check their write token in the handler, before touching the body.
 */
export function withErrors(handler: Handler, { isPublic = false } = {}): Handler {
  return async (req, ctx) => {
    try {
      if (!isPublic && (req.method === "GET" || req.method === "HEAD")) await requireReadAccess(db(), req, getConfig());
      assertStorable("path parameter", (await ctx?.params) ?? {});
      return await handler(req, ctx);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const query = Object.fromEntries(new URL(req.url).searchParams);
  assertStorable("query parameter", query);
  return schema.parse(query);
}

// Ids and filters go into WHERE clauses: text the database cannot hold would fail there as a 500.
function assertStorable(kind: string, values: Record<string, string>): void {
  const bad = Object.keys(values).filter((key) => !isStorableText(values[key]!));
  if (bad.length > 0) {
    throw new AppError(
      "BAD_REQUEST",
      `${kind} ${bad[0]} ${UNSTORABLE_TEXT_MESSAGE}`,
      bad.map((path) => ({ path, message: UNSTORABLE_TEXT_MESSAGE })),
    );
  }
}

/**
 * Reads a body of at most `maxBytes` as UTF-8 text, counting bytes as they stream in, so an oversize
 * body is refused with 413 without being buffered whole (a lying or missing Content-Length too).
 * `limitHint` tells the client which limit it hit and what to do.
 */
export async function readBodyText(req: Request, maxBytes: number, limitHint: string): Promise<string> {
  const tooLarge = () =>
    new AppError("PAYLOAD_TOO_LARGE", `Request body exceeds the limit of ${maxBytes} bytes (${limitHint})`);
  if (Number(req.headers.get("content-length") ?? "0") > maxBytes) throw tooLarge();
  if (!req.body) return "";

  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads a JSON body of at most `maxBytes` (SPIKEWATCH_MAX_BODY_BYTES) through `readBodyText`. */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const text = await readBodyText(req, maxBytes, "SPIKEWATCH_MAX_BODY_BYTES; split the batch");
  if (text.trim() === "") throw new AppError("BAD_REQUEST", "Request body is empty; expected JSON");
  if (exceedsJsonDepth(text, MAX_JSON_DEPTH))
    throw new AppError("BAD_REQUEST", `Request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("BAD_REQUEST", "Request body is not valid JSON");
  }
}

export async function parseBody<S extends z.ZodType>(req: Request, schema: S, maxBytes: number): Promise<z.output<S>> {
  return schema.parse(await readJsonBody(req, maxBytes));
}

/** `Response.json` for replies carrying metric values: NaN and ±Infinity go out as "NaN", "Infinity", "-Infinity". */
export function metricJson(body: unknown): Response {
  return new Response(JSON.stringify(body, nonFiniteAsName), { headers: { "content-type": "application/json" } });
}
