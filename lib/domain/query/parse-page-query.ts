import type { z } from "zod";

/** A page's searchParams as Next.js hands them over: repeated keys arrive as arrays. */
export type SearchParams = Record<string, string | string[] | undefined>;

export type PageQuery<S extends Record<string, z.ZodType>> = {
  values: { [K in keyof S]?: z.output<S[K]> };
  /** keys whose value was present but invalid, so the page can say it ignored them */
  ignored: (keyof S & string)[];
};

/**
 * Reads a page's query field by field, leniently: a bad value drops only that field (named in
 * `ignored`) instead of failing the page. Empty strings count as absent, since a GET form sends
 * `?regime=` for an "any" option; for repeated keys the first value wins. Unknown keys are ignored.
 */
export function parsePageQuery<S extends Record<string, z.ZodType>>(shape: S, params: SearchParams): PageQuery<S> {
  const values: PageQuery<S>["values"] = {};
  const ignored: PageQuery<S>["ignored"] = [];
  for (const key of Object.keys(shape) as (keyof S & string)[]) {
    const raw = params[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value.trim() === "") continue;
    const parsed = shape[key]!.safeParse(value);
    if (parsed.success) values[key] = parsed.data as z.output<S[typeof key]>;
    else ignored.push(key);
  }
  return { values, ignored };
}
