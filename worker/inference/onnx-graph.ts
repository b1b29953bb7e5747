import onnxProto, { type onnx as proto } from "onnx-proto";

// onnx-proto is a CommonJS protobufjs module: only its default export is reliable under Node ESM.
export const onnx = onnxProto.onnx;
export type ModelProto = proto.ModelProto;
export type GraphProto = proto.IGraphProto;
export type NodeProto = proto.INodeProto;
export type TensorProto = proto.ITensorProto;
export type ValueInfo = proto.IValueInfoProto;
export const DataType = onnx.TensorProto.DataType;
const AttributeType = onnx.AttributeProto.AttributeType;

export type Dim = number | string;
type Attribute = proto.IAttributeProto;

/** protobufjs decodes int64 fields as Long objects; every consumer wants a plain number. */
export function toNumber(value: number | { toNumber(): number } | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === "number" ? value : value.toNumber();
}

export function node(opType: string, input: string[], output: string[], attribute: Attribute[] = []): NodeProto {
  return { opType, input, output, name: `${opType}_${output[0]}`, attribute };
}

export function intAttr(name: string, i: number): Attribute {
  return { name, type: AttributeType.INT, i };
}

export function intsAttr(name: string, ints: number[]): Attribute {
  return { name, type: AttributeType.INTS, ints };
}

export function int64Tensor(name: string, dims: number[], values: readonly number[]): TensorProto {
  const data = new BigInt64Array(values.map((v) => BigInt(v)));
  return { name, dims, dataType: DataType.INT64, rawData: new Uint8Array(data.buffer) };
}

export function floatTensor(name: string, dims: number[], values: Float32Array): TensorProto {
  return {
    name,
    dims,
    dataType: DataType.FLOAT,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

export function tensorValueInfo(name: string, elemType: number, dims: readonly Dim[]): ValueInfo {
  const dim = dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

/**
 * Declared dims of a tensor value: numbers, symbolic names, or "?" for an unknown dim. Decoded
 * messages report an unset dim_value as 0, so 0 also reads as unknown.
 */
export function declaredDims(info: ValueInfo): Dim[] | null {
  const shape = info.type?.tensorType?.shape;
  if (!shape) return null;
  return (shape.dim ?? []).map((d) => d.dimParam || toNumber(d.dimValue) || "?");
}
