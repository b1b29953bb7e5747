import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobNotFoundError, deleteBlobFolder, type BlobStore } from "@/lib/server/blobs/blob-store";
import { createLocalBlobStore } from "@/lib/server/blobs/local-blob-store";
import { materialiseBlobFolder } from "@/lib/server/blobs/materialise-blob-folder";
import { createS3BlobStore } from "@/lib/server/blobs/s3-blob-store";
import { makeTempDir, removeDir } from "../fixtures/temp-dir";
import { startS3rver, type RunningS3 } from "./start-s3rver";

const MIB = 1024 * 1024;
let tmp: string;
let s3: RunningS3;
beforeAll(async () => {
  tmp = makeTempDir("blobs");
  s3 = await startS3rver();
});
afterAll(async () => {
  await s3?.stop();
  removeDir(tmp);
});

/** Deterministic bytes, in small chunks as a network upload arrives. */
function bytesOf(size: number, seed: number): Buffer {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = (i * 31 + seed) % 251;
  return data;
}
const chunked = (data: Buffer) => Readable.from(Array.from({ length: Math.ceil(data.length / 65_536) }, (_, i) => data.subarray(i * 65_536, (i + 1) * 65_536)));
const sha = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

// One contract, two implementations: what checkpoint upload and replay rely on.
describe.each<[string, () => BlobStore]>([
  ["local directory", () => createLocalBlobStore(path.join(tmp, "local"))],
  // 5 MiB parts (S3's minimum) so an 11 MiB blob goes up as a three-part multipart upload.
  ["S3 (s3rver)", () => createS3BlobStore(s3.settings, { partBytes: 5 * MIB })],
])("blob store: %s", (_name, open) => {
  it("puts, reads back, lists by prefix, and deletes", async () => {
    const store = open();
    await store.put("ckpt/a/config.json", Readable.from(['{"vocab_size": 8}']));
    await store.put("ckpt/a/tokenizer.json", Readable.from(["{}"]));
    await store.put("ckpt/ab/config.json", Readable.from(["other"]));
    expect(await text(await store.get("ckpt/a/config.json"))).toBe('{"vocab_size": 8}');
    expect(await store.list("ckpt/a/")).toEqual(["ckpt/a/config.json", "ckpt/a/tokenizer.json"]);
    expect(await store.list("ckpt/a")).toEqual(["ckpt/a/config.json", "ckpt/a/tokenizer.json", "ckpt/ab/config.json"]);
    expect(await store.exists("ckpt/a/config.json")).toBe(true);

    await store.put("ckpt/a/config.json", Readable.from(["replaced"]));
    expect(await text(await store.get("ckpt/a/config.json"))).toBe("replaced");

    await deleteBlobFolder(store, "ckpt/a");
    expect(await store.list("ckpt/")).toEqual(["ckpt/ab/config.json"]);
    expect(await store.exists("ckpt/a/config.json")).toBe(false);
    await store.delete("ckpt/a/config.json");
    await expect(store.get("ckpt/a/config.json")).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it("stores an empty blob and an 11 MiB blob byte for byte", async () => {
    const store = open();
    const big = bytesOf(11 * MIB + 123, 7);
    await store.put("big/model.onnx_data", chunked(big));
    await store.put("big/empty.txt", Readable.from([]));
    const local = await store.toLocalFile("big/model.onnx_data", path.join(tmp, "cache"));
    expect(sha(fs.readFileSync(local.path))).toBe(sha(big));
    expect(await text(await store.get("big/empty.txt"))).toBe("");
  });

  it("puts the files of a folder side by side on local disk, and release removes only downloads", async () => {
    const store = open();
    await store.put("folder/x/model.onnx", Readable.from(["model"]));
    await store.put("folder/x/tokenizer.json", Readable.from(["tok"]));
    const cache = makeTempDir("blob-cache");
    const folder = await materialiseBlobFolder(store, "folder/x", ["model.onnx", "tokenizer.json"], cache);
    expect(fs.readFileSync(path.join(folder.dir, "model.onnx"), "utf8")).toBe("model");
    expect(fs.readFileSync(path.join(folder.dir, "tokenizer.json"), "utf8")).toBe("tok");
    await folder.release();
    expect(await store.exists("folder/x/model.onnx")).toBe(true);
    expect(fs.existsSync(path.join(folder.dir, "model.onnx"))).toBe(!folder.dir.startsWith(cache));
    removeDir(cache);
  });

  it("refuses keys that could leave the store, and a failed stream leaves no blob", async () => {
    const store = open();
    for (const key of ["../escape", "a/../../b", "/abs", "a//b", ""]) await expect(store.put(key, Readable.from(["x"]))).rejects.toThrow(/unsafe blob key/);
    const broken = new Readable({ read() { this.destroy(new Error("connection reset")); } });
    await expect(store.put("broken/file", broken)).rejects.toThrow(/connection reset/);
    expect(await store.list("broken/")).toEqual([]);
    // The local store leaves no empty folder behind either (S3 has no folders).
    if (fs.existsSync(store.location)) expect(fs.existsSync(path.join(store.location, "broken"))).toBe(false);
  });
});
