/** One field of a protobuf message as it sits on the wire; `bytes` for length-delimited fields. */
export type ProtoField =
  | { number: number; wire: 0; value: bigint }
  | { number: number; wire: 1; bytes: Uint8Array }
  | { number: number; wire: 2; bytes: Uint8Array }
  | { number: number; wire: 5; bytes: Uint8Array };

/**
 * Reads the top-level fields of a protobuf message (wire types 0 varint, 1 64-bit, 2 length-delimited,
 * 5 32-bit; groups are obsolete and refused). Throws a RangeError on malformed input.
 */
export function readProtoFields(bytes: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (pos >= bytes.length || shift > 63n) throw new RangeError("malformed varint");
      const byte = bytes[pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return result;
    }
  };
  const take = (n: number): Uint8Array => {
    if (n < 0 || pos + n > bytes.length) throw new RangeError("field runs past the end of its message");
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  while (pos < bytes.length) {
    const key = varint();
    const number = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === 0) fields.push({ number, wire, value: varint() });
    else if (wire === 1) fields.push({ number, wire, bytes: take(8) });
    else if (wire === 2) fields.push({ number, wire, bytes: take(Number(varint())) });
    else if (wire === 5) fields.push({ number, wire, bytes: take(4) });
    else throw new RangeError(`unsupported wire type ${wire}`);
  }
  return fields;
}

export function littleEndian(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
