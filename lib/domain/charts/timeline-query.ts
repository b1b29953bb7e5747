import { z } from "zod";
import { MAX_STEP, SPLITS, type Split } from "../ingest/schemas";

/** Server-side downsampling budget of the run page when none is asked for (rows and points per series). */
export const DEFAULT_TIMELINE_POINTS = 1_000;
export const MAX_TIMELINE_KEYS = 20;

const OptionalStep = z.coerce.number().int().min(0).max(MAX_STEP).optional();

/**
 * `GET /api/runs/:id/timeline` query: `split` (default: train, or the first split holding data),
 * an inclusive step range, a point budget and the metric keys to chart (comma-separated; absent means
 * "the default key", empty means none).
 */
export const TimelineQuerySchema = z
  .object({
    split: z.enum(SPLITS).optional(),
    fromStep: OptionalStep,
    toStep: OptionalStep,
    maxPoints: z.coerce.number().int().min(10).max(10_000).default(DEFAULT_TIMELINE_POINTS),
    keys: z
      .string()
      .max(10_000)
      .optional()
      .transform((s) =>
        s === undefined
          ? undefined
          : [
              ...new Set(
                s
                  .split(",")
                  .map((k) => k.trim())
                  .filter(Boolean),
              ),
            ],
      )
      .refine((keys) => keys === undefined || keys.length <= MAX_TIMELINE_KEYS, `at most ${MAX_TIMELINE_KEYS} keys`),
  })
  .refine((q) => q.fromStep === undefined || q.toStep === undefined || q.fromStep <= q.toStep, {
    message: "toStep must be >= fromStep",
    path: ["toStep"],
  });
export type TimelineQuery = z.output<typeof TimelineQuerySchema>;

export type TimelineRequest = {
  split: Split;
  fromStep?: number | null;
  toStep?: number | null;
  keys?: readonly string[];
  maxPoints?: number;
};

/** The query string for a timeline request; shared by the API client and the page URL (`from`/`to`). */
export function timelineSearchParams(
  request: TimelineRequest,
  names: { from: string; to: string } = { from: "fromStep", to: "toStep" },
): URLSearchParams {
  const params = new URLSearchParams({ split: request.split });
  if (request.fromStep !== undefined && request.fromStep !== null) params.set(names.from, String(request.fromStep));
  if (request.toStep !== undefined && request.toStep !== null) params.set(names.to, String(request.toStep));
  if (request.keys !== undefined) params.set("keys", request.keys.join(","));
  if (request.maxPoints !== undefined) params.set("maxPoints", String(request.maxPoints));
  return params;
}

export type RunPageParams = { split?: Split; fromStep?: number; toStep?: number; keys?: string[] };

/**
 * Reads the run page's URL (`split`, `from`, `to`, `keys`) leniently: a field that does not validate
 * is ignored rather than failing the page, so a stale or hand-edited link still opens the run.
 */
export function parseRunPageParams(searchParams: Record<string, string | string[] | undefined>): RunPageParams {
  const one = (name: string) => {
    const value = searchParams[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const field = <T>(schema: z.ZodType<T>, value: string | undefined): T | undefined => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  };
  const split = field(z.enum(SPLITS).optional(), one("split"));
  let fromStep = field(OptionalStep, one("from"));
  let toStep = field(OptionalStep, one("to"));
  if (fromStep !== undefined && toStep !== undefined && fromStep > toStep) [fromStep, toStep] = [toStep, fromStep];
  const rawKeys = one("keys");
  const keys =
    rawKeys === undefined
      ? undefined
      : rawKeys
          .split(",")
          .map((k) => k.trim())
          .filter(Boolean)
          .slice(0, MAX_TIMELINE_KEYS);
  return { split, fromStep, toStep, keys };
}
