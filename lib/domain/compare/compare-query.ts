import { z } from "zod";

/** Most runs one comparison loads: each costs a few queries and a line per chart. */
export const MAX_COMPARE_RUNS = 60;

const commaList = (field: string) =>
  z
    .string()
    .max(10_000)
    .optional()
    .transform((s) =>
      s
        ? [
            ...new Set(
              s
                .split(",")
                .map((x) => x.trim())
                .filter(Boolean),
            ),
          ]
        : [],
    )
    .refine((list) => list.length <= MAX_COMPARE_RUNS, `${field}: at most ${MAX_COMPARE_RUNS} values`);

/**
 * What to compare: run ids, and/or every run of some regimes (all seeds), and/or every evaluation-only run, optionally only demo or
 * only real runs. The page keeps these in its URL, so a link reproduces the view.
 */
export const CompareQuerySchema = z
  .object({
    runs: commaList("runs"),
    regimes: commaList("regimes"),
    /** `all`: every evaluation-only run (the ten ACEBench configurations side by side in one click) */
    evaluations: z
      .enum(["all"])
      .optional()
      .transform((v) => v === "all"),
    demo: z.enum(["include", "only", "exclude"]).default("include"),
    format: z.enum(["json", "csv"]).default("json"),
  })
  .refine((q) => q.runs.length > 0 || q.regimes.length > 0 || q.evaluations, {
    path: ["runs"],
    message: "give run ids (runs=id1,id2), regimes (regimes=vanilla_rl,ets) or evaluations=all to compare",
  });
export type CompareQuery = z.output<typeof CompareQuerySchema>;
export type CompareSelection = Pick<CompareQuery, "runs" | "regimes" | "evaluations" | "demo">;
