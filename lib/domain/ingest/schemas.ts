import { z } from "zod";
import { ALERT_KINDS } from "@/lib/domain/alerts/types";
import { WireValueSchema } from "../series/metric-value";
import { FAILURE_KINDS, STRUCTURAL_STATES } from "../classifier/types";
import { MAX_MESSAGE_CHARS } from "../transcripts/parse-messages";
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "./storable-text";

/** Batch and field limits of the ingestion API (README "Limits"). */
export const MAX_ROLLOUTS_PER_BATCH = 5_000;
export const MAX_METRIC_POINTS_PER_BATCH = 100_000;
export const MAX_MESSAGES_PER_ROLLOUT = 10_000;
export const MAX_CONTENT_CHARS = MAX_MESSAGE_CHARS;
export const MAX_STEP = 2_147_483_647;

export const SPLITS = ["train", "val", "eval"] as const;
export type Split = (typeof SPLITS)[number];
export const EVAL_KINDS = ["in_distribution", "format_ood", "content_ood"] as const;
export type EvalKind = (typeof EVAL_KINDS)[number];
export const RUN_STATUSES = ["running", "finished", "failed", "crashed"] as const;
export const SCHEMES = ["none", "sequential", "synchronous", "interleaved"] as const;

const StepSchema = z.number().int().min(0).max(MAX_STEP);
/** A string stored as-is in a column (not inside JSON text): see storable-text.ts. */
const storable = (schema: z.ZodString) => schema.refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);
const LabelSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.+-]+$/, "use letters, digits and _ . + -");
const LearningRateSchema = z.number().positive().max(1);

export const PhaseSchema = z
  .object({ kind: z.enum(["sft", "rl"]), startStep: StepSchema, endStep: StepSchema })
  .refine((p) => p.endStep >= p.startStep, { message: "endStep must be >= startStep", path: ["endStep"] });
export type Phase = z.infer<typeof PhaseSchema>;

export const CreateRunSchema = z.object({
  name: storable(z.string().trim().min(1).max(200)),
  model: storable(z.string().trim().min(1).max(200)).optional(),
  regime: LabelSchema.optional(),
  scheme: z.enum(SCHEMES).optional(),
  rlLr: LearningRateSchema.optional(),
  sftLr: LearningRateSchema.optional(),
  seed: z.number().int().optional(),
  phases: z.array(PhaseSchema).max(1_000).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  status: z.enum(RUN_STATUSES).optional(),
});
export type CreateRun = z.infer<typeof CreateRunSchema>;

export const UpdateRunSchema = CreateRunSchema.omit({ name: true }).partial();
export type UpdateRun = z.infer<typeof UpdateRunSchema>;

export const MetricPointSchema = z.object({
  step: StepSchema,
  key: storable(z.string().min(1).max(200)),
  value: WireValueSchema,
});
/** A point as the API takes it: `value` a number or a non-finite value's name. */
export type MetricPointInput = z.infer<typeof MetricPointSchema>;
/** A point as parsers and the simulator make it: non-finite values as JavaScript numbers. */
export type MetricPoint = { step: number; key: string; value: number };

export const IngestMetricsSchema = z.object({
  points: z.array(MetricPointSchema).min(1).max(MAX_METRIC_POINTS_PER_BATCH),
});

export const MessageInputSchema = z.object({
  role: z.string().min(1).max(32),
  content: z.string().max(MAX_CONTENT_CHARS).nullable().optional(),
});

export const RolloutInputSchema = z
  .object({
    step: StepSchema,
    sampleId: z.union([storable(z.string().min(1).max(200)), z.number().int().transform(String)]),
    split: z.enum(SPLITS).default("train"),
    evalKind: z.enum(EVAL_KINDS).optional(),
    messages: z.array(z.unknown()).min(1).max(MAX_MESSAGES_PER_ROLLOUT).optional(),
    text: z.string().max(MAX_CONTENT_CHARS).optional(),
    reward: z.number().refine(Number.isFinite, "must be a finite number").nullable().optional(),
    tools: z.array(z.string().min(1).max(200)).max(1_000).optional(),
    truncated: z.boolean().optional(),
    offPolicy: z.boolean().optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((r, ctx) => {
    if ((r.messages === undefined) === (r.text === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["messages"],
        message: "give exactly one of messages (a list of {role, content}) or text (a ChatML transcript)",
      });
    }
    if (r.evalKind !== undefined && r.split !== "eval") {
      ctx.addIssue({ code: "custom", path: ["evalKind"], message: 'evalKind is only allowed with split "eval"' });
    }
  });
export type RolloutInput = z.infer<typeof RolloutInputSchema>;

export const IngestRolloutsSchema = z.object({
  rollouts: z.array(RolloutInputSchema).min(1).max(MAX_ROLLOUTS_PER_BATCH),
});

const OptionalStep = z.coerce.number().int().min(0).max(MAX_STEP).optional();

/** Distinct keys a metrics query may name; each is read once however often it is named. */
export const MAX_METRIC_QUERY_KEYS = 20;

export const MetricsQuerySchema = z.object({
  keys: z
    .string()
    .max(10_000)
    .optional()
    .transform((s) =>
      s
        ? [
            ...new Set(
              s
                .split(",")
                .map((k) => k.trim())
                .filter(Boolean),
            ),
          ]
        : [],
    )
    .refine((keys) => keys.length <= MAX_METRIC_QUERY_KEYS, `at most ${MAX_METRIC_QUERY_KEYS} distinct keys`),
  maxPoints: z.coerce.number().int().min(2).max(100_000).default(2_000),
  fromStep: OptionalStep,
  toStep: OptionalStep,
});

export const HealthQuerySchema = z.object({
  split: z.enum(SPLITS).optional(),
  fromStep: OptionalStep,
  toStep: OptionalStep,
});

export const RolloutsQuerySchema = z.object({
  step: OptionalStep,
  split: z.enum(SPLITS).optional(),
  state: z.enum(STRUCTURAL_STATES).optional(),
  failure: z.enum(FAILURE_KINDS).optional(),
  cursor: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const RunsQuerySchema = z.object({
  regime: LabelSchema.optional(),
  model: z.string().max(200).optional(),
  status: z.enum(RUN_STATUSES).optional(),
  includeDemo: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
});

export const AlertsQuerySchema = z.object({
  kind: z.enum(ALERT_KINDS).optional(),
  fromStep: OptionalStep,
  toStep: OptionalStep,
  limit: z.coerce.number().int().min(1).max(5_000).default(500),
});

export const MAX_PROBES_PER_RUN = 64;
export const MAX_PROBE_CHARS = 100_000;

export const ProbeInputSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[\w.:+\- ]+$/, "letters, digits, spaces and _ . : + - only"),
    text: storable(z.string().min(1).max(MAX_PROBE_CHARS)).optional(),
    messages: z
      .array(
        z.object({ role: z.enum(["system", "user", "assistant", "tool"]), content: z.string().max(MAX_PROBE_CHARS) }),
      )
      .min(1)
      .max(200)
      .optional(),
  })
  .refine((p) => (p.text === undefined) !== (p.messages === undefined), {
    message: "give exactly one of text or messages",
  });
export type ProbeInput = z.infer<typeof ProbeInputSchema>;

export const AddProbesSchema = z.object({ probes: z.array(ProbeInputSchema).min(1).max(MAX_PROBES_PER_RUN) });

export const TraceQuerySchema = z.object({ probe: z.string().min(1).max(100) });
