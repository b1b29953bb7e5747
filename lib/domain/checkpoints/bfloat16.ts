// bfloat16 is the top half of a float32 (sign, 8 exponent bits, 7 mantissa bits), the dtype trainers
// save Qwen checkpoints in.

const scratch = new DataView(new ArrayBuffer(4));

/**
 * The bfloat16 bits of a number: rounded to float32 first, then to the nearest bfloat16, ties to
 * even (as torch's `.to(torch.bfloat16)`). NaN stays a quiet NaN; values past the largest bfloat16
 * round to ±Infinity.
 */
export function toBfloat16Bits(value: number): number {
  scratch.setFloat32(0, value);
  const bits = scratch.getUint32(0);
  if (Number.isNaN(value)) return ((bits >>> 16) | 0x0040) & 0xffff;
  const roundingBias = 0x7fff + ((bits >>> 16) & 1);
  return ((bits + roundingBias) >>> 16) & 0xffff;
}

/** The number a bfloat16 holds. */
export function fromBfloat16Bits(bits: number): number {
  scratch.setUint32(0, (bits & 0xffff) << 16);
  return scratch.getFloat32(0);
}

/** The value a number becomes once stored as bfloat16 and read back. */
export function roundToBfloat16(value: number): number {
  return fromBfloat16Bits(toBfloat16Bits(value));
}

/** Values as little-endian bfloat16 bytes, as safetensors stores `BF16` tensors. */
export function encodeBfloat16(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setUint16(i * 2, toBfloat16Bits(values[i]!), true);
  return bytes;
}

/** Little-endian bfloat16 bytes as numbers. */
export function decodeBfloat16(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: bytes.byteLength / 2 }, (_, i) => fromBfloat16Bits(view.getUint16(i * 2, true)));
}
