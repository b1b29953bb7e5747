/** A model input as the session declares it: element type name and dims (numbers or symbolic names). */
export type DeclaredInput = { name: string; type: string; shape: readonly (number | string)[] };

type FeedKind = "input_ids" | "attention_mask" | "position_ids" | "past";

export type FeedPlan = { name: string; kind: FeedKind; type: string; pastDims: number[] };

export type FeedArray = { type: string; data: BigInt64Array | Int32Array | Float32Array | Uint16Array; dims: number[] };

const SUPPORTED = "input_ids, attention_mask, position_ids, past_key_values.*";

function kindOf(name: string): FeedKind | null {
  if (name === "input_ids" || name === "attention_mask" || name === "position_ids") return name;
  return name.startsWith("past_key_values.") ? "past" : null;
}

/**
 * An empty KV cache makes a cached export run a plain full-sequence pass: the past length is 0, the
 * batch is 1, and every other dim is taken as declared (a symbolic one can only be the past length).
 */
function pastDims(shape: readonly (number | string)[]): number[] {
  return shape.map((d) => (typeof d === "number" && d >= 0 ? d : /batch/i.test(String(d)) ? 1 : 0));
}

/** Decides, once per session, what to feed each declared input; throws on any input it cannot feed. */
export function planFeeds(inputs: readonly DeclaredInput[]): FeedPlan[] {
  if (!inputs.some((i) => i.name === "input_ids")) {
    throw new Error(`model has no 'input_ids' input; declared: ${inputs.map((i) => i.name).join(", ") || "none"}`);
  }
  return inputs.map((input) => {
    const kind = kindOf(input.name);
    if (!kind) throw new Error(`model input '${input.name}' is not one Spikewatch can feed; supported: ${SUPPORTED}`);
    if (kind !== "past") return { name: input.name, kind, type: input.type, pastDims: [] };
    const dims = pastDims(input.shape);
    if (!dims.includes(0))
      throw new Error(
        `model input '${input.name}' [${input.shape.join(", ")}] has no past-length dim that can be empty`,
      );
    return { name: input.name, kind, type: input.type, pastDims: dims };
  });
}

function integers(type: string, name: string, values: number[]): FeedArray["data"] {
  if (type === "int64") return BigInt64Array.from(values, (v) => BigInt(v));
  if (type === "int32") return Int32Array.from(values);
  throw new Error(`model input '${name}' has type ${type}; expected int64 or int32`);
}

function emptyPast(type: string, name: string): FeedArray["data"] {
  if (type === "float32") return new Float32Array(0);
  // ORT takes float16 and bfloat16 tensors as their raw 16-bit patterns.
  if (type === "float16" || type === "bfloat16") return new Uint16Array(0);
  throw new Error(`model input '${name}' has type ${type}; expected a float type for a KV cache`);
}

/** The arrays for one batch-1 full-sequence forward over tokenIds, keyed by input name. */
export function feedArrays(plan: readonly FeedPlan[], tokenIds: readonly number[]): Record<string, FeedArray> {
  const length = tokenIds.length;
  const rowDims = [1, length];
  const feeds: Record<string, FeedArray> = {};
  for (const input of plan) {
    if (input.kind === "past") {
      feeds[input.name] = { type: input.type, data: emptyPast(input.type, input.name), dims: input.pastDims };
      continue;
    }
    const values =
      input.kind === "input_ids"
        ? [...tokenIds]
        : input.kind === "attention_mask"
          ? new Array<number>(length).fill(1)
          : Array.from({ length }, (_, i) => i);
    feeds[input.name] = { type: input.type, data: integers(input.type, input.name, values), dims: rowDims };
  }
  return feeds;
}
