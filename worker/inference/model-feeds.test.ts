import { describe, expect, it } from "vitest";
import { feedArrays, planFeeds, type DeclaredInput } from "./model-feeds";

const ids: DeclaredInput = { name: "input_ids", type: "int64", shape: ["batch_size", "sequence_length"] };
const past = (name: string, type = "float32"): DeclaredInput => ({
  name,
  type,
  shape: ["batch_size", 2, "past_sequence_length", 64],
});

describe("planFeeds and feedArrays", () => {
  it("feeds ids, an all-ones mask, positions 0..S-1 and empty past tensors", () => {
    const plan = planFeeds([
      ids,
      { name: "attention_mask", type: "int64", shape: ["batch_size", "total_sequence_length"] },
      { name: "position_ids", type: "int64", shape: ["batch_size", "sequence_length"] },
      past("past_key_values.0.key"),
      past("past_key_values.0.value", "float16"),
    ]);
    const feeds = feedArrays(plan, [151644, 872, 198]);
    expect(feeds.input_ids).toEqual({ type: "int64", data: BigInt64Array.of(151644n, 872n, 198n), dims: [1, 3] });
    expect(feeds.attention_mask?.data).toEqual(BigInt64Array.of(1n, 1n, 1n));
    expect(feeds.position_ids?.data).toEqual(BigInt64Array.of(0n, 1n, 2n));
    expect(feeds["past_key_values.0.key"]).toEqual({ type: "float32", data: new Float32Array(0), dims: [1, 2, 0, 64] });
    expect(feeds["past_key_values.0.value"]).toEqual({
      type: "float16",
      data: new Uint16Array(0),
      dims: [1, 2, 0, 64],
    });
  });

  it("feeds int32 ids to an int32 input", () => {
    const feeds = feedArrays(planFeeds([{ ...ids, type: "int32" }]), [5, 6]);
    expect(feeds.input_ids?.data).toEqual(Int32Array.of(5, 6));
  });

  it("names an input it cannot feed", () => {
    expect(() => planFeeds([ids, { name: "pixel_values", type: "float32", shape: [1, 3, 4, 4] }])).toThrow(
      "model input 'pixel_values' is not one Spikewatch can feed; supported: input_ids, attention_mask, position_ids, past_key_values.*",
    );
  });

  it("rejects a model without input_ids and a past with no dim that can be empty", () => {
    expect(() => planFeeds([{ name: "inputs_embeds", type: "float32", shape: [] }])).toThrow(
      "model has no 'input_ids' input; declared: inputs_embeds",
    );
    expect(() => planFeeds([ids, { name: "past_key_values.0.key", type: "float32", shape: [1, 2, 16, 64] }])).toThrow(
      /no past-length dim/,
    );
  });

  it("rejects id inputs of a non-integer type", () => {
    expect(() => feedArrays(planFeeds([{ ...ids, type: "float32" }]), [1])).toThrow(
      "model input 'input_ids' has type float32; expected int64 or int32",
    );
  });
});
