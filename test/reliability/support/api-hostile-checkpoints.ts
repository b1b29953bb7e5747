// Checkpoint folders that lie about themselves, for the hostile-upload suite. Each starts from the
// tiny LM fixture (1000-token vocabulary: quick to build) and breaks one thing.
import fs from "node:fs";
import path from "node:path";
import { onnx } from "@/worker/inference/onnx-graph";
import { buildTinyLm } from "@/test/fixtures/tiny-lm/build-tiny-lm";

export type HostileKind = "huge-tensor-claim" | "external-data-escape" | "tokenizer-not-json";

function rewriteModel(dir: string, change: (model: ReturnType<typeof onnx.ModelProto.decode>) => void): void {
  const file = path.join(dir, "model.onnx");
  const model = onnx.ModelProto.decode(fs.readFileSync(file));
  change(model);
  fs.writeFileSync(file, onnx.ModelProto.encode(model).finish());
}

export function writeHostileCheckpoint(dir: string, kind: HostileKind): void {
  buildTinyLm(dir, { vocabSize: 1000 });
  switch (kind) {
    case "huge-tensor-claim":
      // The largest weight now claims 10^12 floats (4 TB) while carrying its few real bytes.
      rewriteModel(dir, (model) => {
        const biggest = [...model.graph!.initializer!].sort(
          (a, b) => (b.rawData?.length ?? 0) - (a.rawData?.length ?? 0),
        )[0]!;
        biggest.dims = [1_000_000, 1_000_000];
      });
      return;
    case "external-data-escape":
      // A weight whose bytes "live" in a file far outside the checkpoint folder.
      rewriteModel(dir, (model) => {
        const weight = model.graph!.initializer![0]!;
        weight.rawData = new Uint8Array(0);
        weight.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
        weight.externalData = [
          { key: "location", value: "../../../../../../../../etc/passwd" },
          { key: "offset", value: "0" },
          { key: "length", value: "64" },
        ];
      });
      return;
    case "tokenizer-not-json":
      fs.writeFileSync(path.join(dir, "tokenizer.json"), '{"model": {"vocab": {"a": 0,');
      return;
  }
}
