// What checkpoint upload and replay rely on from any blob store: one contract, run against the local
// directory, s3rver (path-style and virtual-host) and, opt-in, a real bucket.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterAll, describe, expect, it } from "vitest";
import { BlobNotFoundError, deleteBlobFolder, type BlobStore } from "@/lib/server/blobs/blob-store";
import { materialiseBlobFolder } from "@/lib/server/blobs/materialise-blob-folder";
import { makeTempDir, removeDir } from "../fixtures/temp-dir";

export const MIB = 1024 * 1024;

/** Deterministic bytes, in small chunks as a network upload arrives. */
export function bytesOf(size: number, seed: number): Buffer {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = (i * 31 + seed) % 251;
  return data;
}
export const chunked = (data: Buffer, size = 65_536) => {
  const count = Math.ceil(data.length / size);
  return Readable.from(Array.from({ length: count }, (_, i) => data.subarray(i * size, (i + 1) * size)));
};
export const sha = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

/**
 * The contract, for a store that `open` returns (called in each test, after the caller's setup).
 * `bigBytes` is the size of the large blob: above the store's part size, so S3 stores take the
 * multipart path. Every key lives under `root/` so a shared bucket is left as it was.
 */
export function describeBlobStoreContract(
  name: string,
  open: () => BlobStore,
  { bigBytes = 11 * MIB + 123, root = "contract" } = {},
) {
  describe(`blob store: ${name}`, () => {
    const cache = makeTempDir("blob-cache");
    afterAll(async () => {
      removeDir(cache);
      await deleteBlobFolder(open(), root).catch(() => undefined);
    });

    it("puts, reads back, lists by prefix, and deletes", async () => {
      const store = open();
      await store.put(`${root}/a/config.json`, Readable.from(['{"vocab_size": 8}']));
      await store.put(`${root}/a/tokenizer.json`, Readable.from(["{}"]));
      await store.put(`${root}/ab/config.json`, Readable.from(["other"]));
      expect(await text(await store.get(`${root}/a/config.json`))).toBe('{"vocab_size": 8}');
      expect(await store.list(`${root}/a/`)).toEqual([`${root}/a/config.json`, `${root}/a/tokenizer.json`]);
      const all = [`${root}/a/config.json`, `${root}/a/tokenizer.json`, `${root}/ab/config.json`];
      expect(await store.list(`${root}/a`)).toEqual(all);
      expect(await store.exists(`${root}/a/config.json`)).toBe(true);

      await store.put(`${root}/a/config.json`, Readable.from(["replaced"]));
      expect(await text(await store.get(`${root}/a/config.json`))).toBe("replaced");

      await deleteBlobFolder(store, `${root}/a`);
      expect(await store.list(`${root}/`)).toEqual([`${root}/ab/config.json`]);
      expect(await store.exists(`${root}/a/config.json`)).toBe(false);
      await store.delete(`${root}/a/config.json`);
      await expect(store.get(`${root}/a/config.json`)).rejects.toBeInstanceOf(BlobNotFoundError);
    });

    it("copies a blob: the copy outlives its source, and a put over either leaves the other as it was", async () => {
      const store = open();
      await store.put(`${root}/copy/a/tokenizer.json`, Readable.from(['{"model": 1}']));
      await store.copy(`${root}/copy/a/tokenizer.json`, `${root}/copy/b/tokenizer.json`);
      await store.copy(`${root}/copy/a/tokenizer.json`, `${root}/copy/c/tokenizer.json`);
      expect(await text(await store.get(`${root}/copy/b/tokenizer.json`))).toBe('{"model": 1}');
      await store.put(`${root}/copy/c/tokenizer.json`, Readable.from(["replaced"]));
      await deleteBlobFolder(store, `${root}/copy/a`);
      expect(await text(await store.get(`${root}/copy/b/tokenizer.json`))).toBe('{"model": 1}');
      expect(await text(await store.get(`${root}/copy/c/tokenizer.json`))).toBe("replaced");
      await expect(store.copy(`${root}/copy/a/tokenizer.json`, `${root}/copy/d/x`)).rejects.toBeInstanceOf(
        BlobNotFoundError,
      );
      expect(await store.exists(`${root}/copy/d/x`)).toBe(false);
    });

    it("stores an empty blob and a blob larger than one part byte for byte", async () => {
      const store = open();
      const big = bytesOf(bigBytes, 7);
      await store.put(`${root}/big/model.onnx_data`, chunked(big));
      await store.put(`${root}/big/empty.txt`, Readable.from([]));
      const local = await store.toLocalFile(`${root}/big/model.onnx_data`, cache);
      expect(sha(fs.readFileSync(local.path))).toBe(sha(big));
      expect(await text(await store.get(`${root}/big/empty.txt`))).toBe("");
    });

    it("puts the files of a folder side by side on local disk, and release removes only downloads", async () => {
      const store = open();
      await store.put(`${root}/folder/x/model.onnx`, Readable.from(["model"]));
      await store.put(`${root}/folder/x/tokenizer.json`, Readable.from(["tok"]));
      const folder = await materialiseBlobFolder(store, `${root}/folder/x`, ["model.onnx", "tokenizer.json"], cache);
      expect(fs.readFileSync(path.join(folder.dir, "model.onnx"), "utf8")).toBe("model");
      expect(fs.readFileSync(path.join(folder.dir, "tokenizer.json"), "utf8")).toBe("tok");
      await folder.release();
      expect(await store.exists(`${root}/folder/x/model.onnx`)).toBe(true);
      expect(fs.existsSync(path.join(folder.dir, "model.onnx"))).toBe(!folder.dir.startsWith(cache));
    });

    it("refuses keys that could leave the store, and a failed stream leaves no blob", async () => {
      const store = open();
      for (const key of ["../escape", "a/../../b", "/abs", "a//b", ""]) {
        await expect(store.put(key, Readable.from(["x"]))).rejects.toThrow(/unsafe blob key/);
      }
      const broken = new Readable({
        read() {
          this.destroy(new Error("connection reset"));
        },
      });
      await expect(store.put(`${root}/broken/file`, broken)).rejects.toThrow(/connection reset/);
      // Broken after more than one part: the multipart upload is aborted, not completed.
      const big = bytesOf(bigBytes, 3);
      let sent = 0;
      const cut = new Readable({
        read() {
          if (sent >= big.length - MIB) return void this.destroy(new Error("connection reset mid-upload"));
          this.push(big.subarray(sent, (sent += 256 * 1024)));
        },
      });
      await expect(store.put(`${root}/broken/big`, cut)).rejects.toThrow(/connection reset mid-upload/);
      expect(await store.list(`${root}/broken/`)).toEqual([]);
      // The local store leaves no empty folder behind either (S3 has no folders).
      if (fs.existsSync(store.location)) expect(fs.existsSync(path.join(store.location, root, "broken"))).toBe(false);
    });
  });
}
