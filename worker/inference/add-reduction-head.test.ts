import { describe, expect, it } from "vitest";
import { tinyLmModel } from "@/test/fixtures/tiny-lm/tiny-lm-graph";
import { resolveSpec, tinyLmWeights } from "@/test/fixtures/tiny-lm/tiny-lm-spec";
import { chunkSize, findLogitsOutput, HEAD, reductionHeadPatch } from "./add-reduction-head";
import {
  DataType,
  node,
  onnx,
  tensorValueInfo,
  toNumber,
  type ModelProto,
  type TensorProto,
  type ValueInfo,
} from "./onnx-graph";

function tinyLmBytes(options: Parameters<typeof resolveSpec>[0]): Uint8Array {
  const spec = resolveSpec({ vocabSize: 1000, ...options });
  return tinyLmModel(spec, tinyLmWeights(spec));
}

/** The patch alone: protobufjs replaces a repeated message field instead of merging it as ORT does. */
function patchOf(bytes: Uint8Array): ModelProto {
  return onnx.ModelProto.decode(reductionHeadPatch(bytes));
}

function patchGraph(bytes: Uint8Array) {
  const graph = patchOf(bytes).graph!;
  return {
    name: graph.name,
    nodes: graph.node ?? [],
    inputs: graph.input ?? [],
    outputs: graph.output ?? [],
    initializers: graph.initializer ?? [],
  };
}

function modelWithOutputs(outputs: ValueInfo[], opset = 17): Uint8Array {
  const graph = {
    name: "g",
    node: [node("Identity", ["x"], ["y"])],
    input: [tensorValueInfo("x", DataType.FLOAT, [1])],
    output: outputs,
  };
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ version: opset }], graph }),
  ).finish();
}

/** The Reshape target that splits each row of logits into chunks: [batch, seq, chunks, terms]. */
function chunksOf(initializers: TensorProto[]): number[] {
  const target = initializers.find((t) => t.name === "spikewatch/chunks")!;
  return Array.from(new BigInt64Array(Uint8Array.from(target.rawData!).buffer), Number);
}

const rank3 = (name: string, type: number = DataType.FLOAT) => tensorValueInfo(name, type, ["batch", "seq", 1000]);

describe("reductionHeadPatch", () => {
  it("is a graph-only ModelProto that adds the head's nodes, inputs and outputs on the logits", () => {
    const bytes = tinyLmBytes({});
    expect(onnx.ModelProto.toObject(patchOf(bytes))).toEqual({ graph: expect.any(Object) });
    const graph = patchGraph(bytes);
    expect(graph.name).toBe("");
    expect(graph.nodes.map((n) => n.opType)).toEqual([
      "ReduceMax",
      "Sub",
      "Exp",
      ...["Reshape", "ReduceSum", "Cast", "ReduceSum"],
      ...["ArgMax", "GatherElements", "Reshape", "GatherND", "Cast", "Exp", "ReduceSum", "Sub", "Add"],
      "Log",
      "Mul",
      ...["Reshape", "ReduceSum", "Cast", "ReduceSum"],
      "Div",
      "Sub",
      "Squeeze",
      "GatherElements",
      "Cast",
      "Sub",
      "Gather",
      "Cast",
      "Sub",
      "TopK",
      "Cast",
      "Sub",
      "Shape",
      "Gather",
    ]);
    expect(graph.nodes[0]!.input).toEqual(["logits"]);
    // Z, the sum that a dominant term swamps in float32, adds float64 casts of chunk sums, never of [S × V].
    const sums = graph.nodes.filter((n) => n.opType === "ReduceSum");
    const castsToDouble = graph.nodes.filter(
      (n) => n.opType === "Cast" && toNumber(n.attribute![0]!.i) === DataType.DOUBLE,
    );
    expect(castsToDouble.map((n) => n.input![0])).toContain(sums[0]!.output![0]);
    expect(castsToDouble.map((n) => n.output![0])).toContain(sums[1]!.input![0]);
    expect(chunksOf(graph.initializers)).toEqual([0, 0, -1, 50]);
    expect(graph.inputs.map((i) => i.name)).toEqual([HEAD.targetIds, HEAD.trackedIds, HEAD.topK]);
    expect(graph.outputs.map((o) => o.name)).toEqual([
      HEAD.nextLogprob,
      HEAD.trackedLogprobs,
      HEAD.entropy,
      HEAD.topValues,
      HEAD.topIndices,
      HEAD.vocabSize,
    ]);
  });

  it("sums Z over chunks that tile the vocabulary: at most 64 terms, one when its size is symbolic", () => {
    expect(chunkSize(151_936)).toBe(64);
    expect(chunkSize(50_257)).toBe(29);
    expect(chunkSize(32_000)).toBe(64);
    expect(chunkSize(7)).toBe(7);
    expect(chunkSize("vocab")).toBe(1);
    const symbolic = tensorValueInfo("logits", DataType.FLOAT, ["batch", "seq", "vocab"]);
    expect(chunksOf(patchGraph(modelWithOutputs([symbolic])).initializers)).toEqual([0, 0, -1, 1]);
  });

  it("scores half-precision logits in float32", () => {
    const { nodes } = patchGraph(modelWithOutputs([rank3("logits", DataType.FLOAT16)]));
    const cast = nodes.find((n) => n.opType === "Cast")!;
    expect(cast.input).toEqual(["logits"]);
    expect(nodes.find((n) => n.opType === "ReduceMax")!.input).toEqual(cast.output);
  });

  it("explains a truncated or non-ONNX file and an opset older than 13", () => {
    const bytes = tinyLmBytes({});
    expect(() => reductionHeadPatch(bytes.subarray(0, bytes.length / 2))).toThrow(
      /^model\.onnx could not be loaded: it is truncated or not an ONNX model \(.+\)$/,
    );
    expect(() => reductionHeadPatch(new TextEncoder().encode("version https://git-lfs.github.com/spec/v1\n"))).toThrow(
      "model.onnx could not be loaded: it is truncated or not an ONNX model (a Git LFS pointer file, not the model)",
    );
    expect(() => reductionHeadPatch(new TextEncoder().encode("<html>Not found</html>"))).toThrow(
      "model.onnx could not be loaded: it is truncated or not an ONNX model",
    );
    expect(() => reductionHeadPatch(modelWithOutputs([rank3("logits")], 11))).toThrow(
      "model.onnx uses ONNX opset 11; Spikewatch needs opset 13 or newer",
    );
  });
});

describe("findLogitsOutput", () => {
  const graphOf = (outputs: ValueInfo[]) => ({ output: outputs });

  it("takes the output named logits, else the only rank-3 float output", () => {
    expect(findLogitsOutput(graphOf([rank3("hidden"), rank3("logits")])).name).toBe("logits");
    expect(
      findLogitsOutput(graphOf([tensorValueInfo("present.0.key", DataType.FLOAT, [1, 2, 3, 4]), rank3("lm_out")])).name,
    ).toBe("lm_out");
  });

  it("lists the outputs when none or several could be the logits", () => {
    expect(() => findLogitsOutput(graphOf([tensorValueInfo("scores", DataType.FLOAT, ["batch", 2])]))).toThrow(
      "model.onnx has no usable logits output: expected an output named 'logits' or a single rank-3 float output [batch, sequence, vocab]; found scores [batch, 2]",
    );
    expect(() => findLogitsOutput(graphOf([rank3("a"), rank3("b"), rank3("ids", DataType.INT64)]))).toThrow(
      "found a [batch, seq, 1000], b [batch, seq, 1000], ids [batch, seq, 1000]",
    );
  });
});
