import { littleEndian, readProtoFields, type ProtoField } from "./protobuf-fields";

/** One scalar of an Event's summary: its tag and value (float32 values widened exactly to float64). */
export type EventScalar = { tag: string; value: number };

export type ParsedEvent = { step: number; scalars: EventScalar[]; skipped: number };

const DT_FLOAT = 1;
const DT_DOUBLE = 2;

/**
 * Reads the scalars of a TensorBoard `Event` (tensorflow/core/util/event.proto: step = 2, summary = 5;
 * summary.proto: Summary.value = 1, Value.tag = 1, simple_value = 2, tensor = 8). A value is a scalar
 * when it has `simple_value` (what `add_scalar` writes) or a one-element float or double tensor (the
 * scalars plugin's newer form). Everything else (text, images, histograms, wider tensors) is counted
 * in `skipped`. NaN and infinities are kept. Throws a RangeError on a malformed message.
 */
export function parseEvent(data: Uint8Array): ParsedEvent {
  const event = readProtoFields(data);
  const stepField = event.find((f) => f.number === 2 && f.wire === 0);
  const step = stepField && stepField.wire === 0 ? Number(BigInt.asIntN(64, stepField.value)) : 0;
  const scalars: EventScalar[] = [];
  let skipped = 0;
  for (const summary of lengthDelimited(event, 5)) {
    for (const value of lengthDelimited(readProtoFields(summary), 1)) {
      const fields = readProtoFields(value);
      const tag = new TextDecoder().decode(lengthDelimited(fields, 1)[0] ?? new Uint8Array());
      const scalar = simpleValue(fields) ?? tensorScalar(lengthDelimited(fields, 8)[0]);
      if (scalar === null) skipped++;
      else scalars.push({ tag, value: scalar });
    }
  }
  return { step, scalars, skipped };
}

function lengthDelimited(fields: readonly ProtoField[], number: number): Uint8Array[] {
  return fields.flatMap((f) => (f.number === number && f.wire === 2 ? [f.bytes] : []));
}

function simpleValue(fields: readonly ProtoField[]): number | null {
  const field = fields.find((f) => f.number === 2 && f.wire === 5);
  return field && field.wire === 5 ? littleEndian(field.bytes).getFloat32(0, true) : null;
}

/** The value of a one-element DT_FLOAT or DT_DOUBLE TensorProto (tensor.proto), else null. */
function tensorScalar(tensor: Uint8Array | undefined): number | null {
  if (!tensor) return null;
  const fields = readProtoFields(tensor);
  const dtype = fields.find((f) => f.number === 1 && f.wire === 0);
  const kind = dtype && dtype.wire === 0 ? Number(dtype.value) : 0;
  if ((kind !== DT_FLOAT && kind !== DT_DOUBLE) || elementCount(lengthDelimited(fields, 2)[0]) !== 1) return null;
  const width = kind === DT_FLOAT ? 4 : 8;
  const read = (bytes: Uint8Array) =>
    width === 4 ? littleEndian(bytes).getFloat32(0, true) : littleEndian(bytes).getFloat64(0, true);
  const content = lengthDelimited(fields, 4)[0];
  if (content && content.length === width) return read(content);
  // float_val = 5 / double_val = 6: packed (length-delimited) or one fixed-width field
  const values = fields.find((f) => f.number === (kind === DT_FLOAT ? 5 : 6));
  if (!values || values.wire === 0 || values.bytes.length < width) return null;
  return read(values.bytes);
}

/** Elements of a TensorShapeProto (dim = 2, Dim.size = 1); a missing shape is a scalar. */
function elementCount(shape: Uint8Array | undefined): number {
  if (!shape) return 1;
  let count = 1;
  for (const dim of lengthDelimited(readProtoFields(shape), 2)) {
    const size = readProtoFields(dim).find((f) => f.number === 1 && f.wire === 0);
    count *= size && size.wire === 0 ? Number(size.value) : 0;
  }
  return count;
}
