import pg from "pg";

type QueryResultLike = { fields?: { dataTypeID: number }[] } | undefined;

// prisma/orm#27403: the WASM schema engine cannot read catalog columns of type "char"(18) and
// name(19) through adapter-pg. Report them as text(25), and their arrays as text[](1009).
// Loaded by prisma.config.ts only, so it affects the CLI process and never the app.
const REMAP: Record<number, number> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };

function remap<T extends QueryResultLike>(result: T): T {
  for (const field of result?.fields ?? []) {
    const to = REMAP[field.dataTypeID];
    if (to !== undefined) field.dataTypeID = to;
  }
  return result;
}

export function patchPgCatalogTypes(): void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown; __patched?: boolean };
  if (proto.__patched) return;
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === "function") {
      args[last] = (error: unknown, result: QueryResultLike) => callback(error, error ? result : remap(result));
      return original.apply(this, args);
    }
    const result = original.apply(this, args) as Promise<QueryResultLike> | undefined;
    return result && typeof result.then === "function" ? result.then(remap) : result;
  };
  proto.__patched = true;
}
