import { describe, expect, it } from "vitest";
import { MAX_HEADER_BYTES, parseSafetensorsHeader, readHeaderLength } from "./safetensors-header";

// Files laid out as the safetensors format (huggingface/safetensors README, "Format") and its
// Python writer `safetensors.torch.save_file` produce them: u64 LE length, JSON header, data.
function file(header: unknown, dataBytes: number): { prefix: Uint8Array; headerBytes: Uint8Array; size: number } {
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  return { prefix, headerBytes, size: 8 + headerBytes.length + dataBytes };
}

function parse(header: unknown, dataBytes: number) {
  const f = file(header, dataBytes);
  expect(readHeaderLength(f.prefix, f.size, "w.safetensors")).toBe(f.headerBytes.length);
  return parseSafetensorsHeader(f.headerBytes, f.size, "w.safetensors");
}

const GOOD = {
  __metadata__: { format: "pt" },
  "model.norm.weight": { dtype: "BF16", shape: [4], data_offsets: [0, 8] },
  "lm_head.weight": { dtype: "F32", shape: [2, 4], data_offsets: [8, 40] },
};

describe("safetensors header", () => {
  it("reads dtypes, shapes and absolute offsets, skipping __metadata__", () => {
    const f = file(GOOD, 40);
    const header = parse(GOOD, 40);
    expect(header.dataStart).toBe(8 + f.headerBytes.length);
    expect([...header.tensors.keys()]).toEqual(["model.norm.weight", "lm_head.weight"]);
    expect(header.tensors.get("lm_head.weight")).toEqual({
      name: "lm_head.weight",
      dtype: "F32",
      shape: [2, 4],
      begin: header.dataStart + 8,
      end: header.dataStart + 40,
    });
  });

  it("refuses a 4 GB header length, one past the end of the file, and a file too short for the length", () => {
    const prefix = new Uint8Array(8);
    new DataView(prefix.buffer).setBigUint64(0, 2n ** 32n, true);
    expect(() => readHeaderLength(prefix, 2 ** 33, "w.safetensors")).toThrow(
      `w.safetensors: header length 4294967296 bytes is over the ${MAX_HEADER_BYTES}-byte limit`,
    );
    new DataView(prefix.buffer).setBigUint64(0, 1000n, true);
    expect(() => readHeaderLength(prefix, 500, "w.safetensors")).toThrow(
      "header length 1000 bytes runs past the end of the file (500 bytes)",
    );
    expect(() => readHeaderLength(prefix.subarray(0, 3), 3, "w.safetensors")).toThrow("not a safetensors file");
  });

  it("refuses a header that lies about where the data is", () => {
    expect(() => parse(GOOD, 39)).toThrow(
      "tensor lm_head.weight: data_offsets [8, 40] run past the end of the data (39 bytes)",
    );
    const overlap = { ...GOOD, "lm_head.weight": { dtype: "F32", shape: [2, 4], data_offsets: [4, 36] } };
    expect(() => parse(overlap, 40)).toThrow("w.safetensors: tensors model.norm.weight and lm_head.weight overlap");
    const backwards = { a: { dtype: "F32", shape: [0], data_offsets: [8, 0] } };
    expect(() => parse(backwards, 8)).toThrow("tensor a: data_offsets [8, 0] end before they begin");
  });

  it("refuses byte lengths that do not match dtype × shape, and bad dtypes, shapes and JSON", () => {
    const wrongShape = { ...GOOD, "lm_head.weight": { dtype: "F32", shape: [4, 4], data_offsets: [8, 40] } };
    expect(() => parse(wrongShape, 40)).toThrow(
      "tensor lm_head.weight: shape [4, 4] of F32 needs 64 bytes but data_offsets [8, 40] hold 32",
    );
    const huge = { a: { dtype: "F32", shape: [2 ** 40, 2 ** 40], data_offsets: [0, 8] } };
    expect(() => parse(huge, 8)).toThrow("needs 4.835703278458517e+24 bytes");
    expect(() => parse({ a: { dtype: "Q4", shape: [1], data_offsets: [0, 1] } }, 1)).toThrow(
      'tensor a: unknown dtype "Q4"',
    );
    expect(() => parse({ a: { dtype: "F32", shape: [-1], data_offsets: [0, 4] } }, 4)).toThrow(
      "shape [-1] is not a list of non-negative integers",
    );
    expect(() => parse({ a: { dtype: "F32", shape: [1], data_offsets: [0] } }, 4)).toThrow(
      "data_offsets [0] is not [begin, end]",
    );
    expect(() => parse([1, 2], 0)).toThrow("w.safetensors: header is not a JSON object");
    const notJson = new TextEncoder().encode('{"a": ');
    expect(() => parseSafetensorsHeader(notJson, 100, "w.safetensors")).toThrow(
      "w.safetensors: header is not valid JSON",
    );
  });
});
