import { DTYPE_BYTES } from "./safetensors-header";

/** One tensor to write: its dtype, shape and raw little-endian bytes (dtype × shape long). */
export type TensorToEncode = { name: string; dtype: string; shape: readonly number[]; data: Uint8Array };

/** Tensor data starts on this boundary, as the safetensors writer pads its header (README, "Format"). */
const DATA_ALIGNMENT_BYTES = 8;

/**
 * A safetensors file: the 8-byte little-endian header length N, N bytes of JSON (`__metadata__` and
 * `{dtype, shape, data_offsets}` per tensor, the header padded with spaces so the data is 8-byte
 * aligned), then the tensors' bytes back to back in the order given. Throws when a tensor's byte
 * length does not match its dtype and shape, or a name repeats.
 */
export function encodeSafetensors(
  tensors: readonly TensorToEncode[],
  metadata: Record<string, string> = { format: "pt" },
): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const t of tensors) {
    const bytesPerValue = DTYPE_BYTES[t.dtype];
    if (bytesPerValue === undefined) throw new Error(`tensor ${t.name}: unknown dtype ${t.dtype}`);
    const expected = t.shape.reduce((n, d) => n * d, bytesPerValue);
    if (expected !== t.data.byteLength)
      throw new Error(
        `tensor ${t.name}: shape [${t.shape.join(", ")}] of ${t.dtype} needs ${expected} bytes, got ${t.data.byteLength}`,
      );
    if (t.name in header) throw new Error(`tensor ${t.name} appears twice`);
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + expected] };
    offset += expected;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / DATA_ALIGNMENT_BYTES) * DATA_ALIGNMENT_BYTES;
  const file = new Uint8Array(8 + headerLength + offset);
  new DataView(file.buffer).setBigUint64(0, BigInt(headerLength), true);
  file.set(json, 8);
  file.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const t of tensors) {
    file.set(t.data, at);
    at += t.data.byteLength;
  }
  return file;
}
