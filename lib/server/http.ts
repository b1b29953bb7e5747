import type { z } from "zod";
import { AppError, toErrorResponse } from "./errors";

type RouteContext = { params: Promise<Record<string, string>> };
type Handler = (req: Request, ctx: RouteContext) => Promise<Response>;

/** Wraps a route handler so every failure becomes a JSON error response. */
export function withErrors(handler: Handler): Handler {
  return async (req, ctx) => {
    try {
      return await handler(req, ctx);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  return schema.parse(Object.fromEntries(new URL(req.url).searchParams));
}

/**
 * Reads a JSON body of at most `maxBytes`, counting bytes as they stream in, so an oversize body is
 * refused with 413 without being buffered whole (a lying Content-Length is caught too).
 */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) throw new AppError("BAD_REQUEST", "Request body is empty; expected JSON");

  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") throw new AppError("BAD_REQUEST", "Request body is empty; expected JSON");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("BAD_REQUEST", "Request body is not valid JSON");
  }
}

export async function parseBody<S extends z.ZodType>(req: Request, schema: S, maxBytes: number): Promise<z.output<S>> {
  return schema.parse(await readJsonBody(req, maxBytes));
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `Request body exceeds the limit of ${maxBytes} bytes (SPIKEWATCH_MAX_BODY_BYTES); split the batch`);
}
