import { describe, expect, it } from "vitest";
import { redactServerPaths } from "./redact-server-paths";

describe("redactServerPaths", () => {
  // Shapes of real messages: our loaders', Node's fs errors, onnxruntime's load errors, the blob store's.
  it.each([
    [
      "checkpoint has no tokenizer.json (looked in /tmp/spikewatch-int-x/checkpoints/3f1c)",
      "checkpoint has no tokenizer.json (looked in …/3f1c)",
    ],
    [
      "ENOENT: no such file or directory, open '/srv/sw/data/cache/checkpoints/a/model.onnx'",
      "ENOENT: no such file or directory, open '…/model.onnx'",
    ],
    [
      "Load model from /srv/sw/data/checkpoints/a/model.onnx failed:Protobuf parsing failed.",
      "Load model from …/model.onnx failed:Protobuf parsing failed.",
    ],
    ["no blob 'checkpoints/a/model.onnx' in /home/me/spikewatch/data", "no blob 'checkpoints/a/model.onnx' in …/data"],
    [
      "External data path=/etc/passwd escapes model directory:/srv/data/x/",
      "External data path=…/passwd escapes model directory:…/",
    ],
    ["could not open C:\\Users\\me\\data\\model.onnx", "could not open …/model.onnx"],
  ])("%s", (message, shown) => {
    expect(redactServerPaths(message)).toBe(shown);
  });

  it("keeps URLs, relative keys, tags and one-part paths", () => {
    for (const text of [
      "S3 get failed: HTTP 503 (s3://bucket/prefix/)",
      "fetch http://127.0.0.1:9000/bucket/key failed",
      "checkpoints/a/model.onnx",
      "P(</tool_call>) jumped",
      "model input '/' is not one Spikewatch can feed",
      "sign in at /sign-in",
      "ratio 1/2",
    ]) {
      expect(redactServerPaths(text)).toBe(text);
    }
  });
});
