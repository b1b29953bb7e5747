import { describe, expect, it } from "vitest";
import { decodeBfloat16, encodeBfloat16 } from "./bfloat16";
import { encodeSafetensors } from "./safetensors-encoder";
import { parseSafetensorsHeader, readHeaderLength } from "./safetensors-header";

/** Reads a file back with the same header reader the worker validates uploads with. */
function readBack(file: Uint8Array) {
  const length = readHeaderLength(file.subarray(0, 8), file.length, "model.safetensors");
  return parseSafetensorsHeader(file.subarray(8, 8 + length), file.length, "model.safetensors");
}

describe("encodeSafetensors", () => {
  it("writes a file the safetensors reader accepts, each tensor's bytes where its offsets say", () => {
    const norm = encodeBfloat16([1, 1, 1, 1]);
    const head = new Uint8Array(new Float32Array([0.5, -1, 2, 3, 4, 5, 6, 7]).buffer);
    const file = encodeSafetensors([
      { name: "model.norm.weight", dtype: "BF16", shape: [4], data: norm },
      { name: "lm_head.weight", dtype: "F32", shape: [2, 4], data: head },
    ]);
    const { dataStart, tensors } = readBack(file);
    expect(dataStart % 8).toBe(0);
    expect([...tensors.keys()]).toEqual(["model.norm.weight", "lm_head.weight"]);
    const normEntry = tensors.get("model.norm.weight")!;
    expect(normEntry).toMatchObject({ dtype: "BF16", shape: [4], begin: dataStart, end: dataStart + 8 });
    expect([...decodeBfloat16(file.slice(normEntry.begin, normEntry.end))]).toEqual([1, 1, 1, 1]);
    const headEntry = tensors.get("lm_head.weight")!;
    expect([...new Float32Array(file.slice(headEntry.begin, headEntry.end).buffer)]).toEqual([
      0.5, -1, 2, 3, 4, 5, 6, 7,
    ]);
    expect(headEntry.end).toBe(file.length);
    const header = JSON.parse(new TextDecoder().decode(file.subarray(8, dataStart)));
    expect(header.__metadata__).toEqual({ format: "pt" });
  });

  it("refuses data that does not match dtype and shape, and repeated names", () => {
    const data = encodeBfloat16([1, 2, 3]);
    expect(() => encodeSafetensors([{ name: "w", dtype: "BF16", shape: [2, 2], data }])).toThrow(
      "tensor w: shape [2, 2] of BF16 needs 8 bytes, got 6",
    );
    const ok = { name: "w", dtype: "BF16", shape: [3], data };
    expect(() => encodeSafetensors([ok, ok])).toThrow("tensor w appears twice");
    expect(() => encodeSafetensors([{ ...ok, dtype: "Q4" }])).toThrow("unknown dtype Q4");
  });
});
