import { describe, expect, it } from "vitest";
import { ConfigError, resolveConfig } from "./config";

const s3 = (env: Record<string, string>) =>
  resolveConfig({ SPIKEWATCH_BLOB_STORE: "s3", SPIKEWATCH_S3_BUCKET: "ckpts", ...env }).blobs;

describe("S3 settings", () => {
  it("keeps the settings of the hand-written client working: endpoint, region, both keys, prefix, path-style", () => {
    const settings = s3({
      SPIKEWATCH_S3_ENDPOINT: "http://minio:9000",
      SPIKEWATCH_S3_REGION: "eu-west-1",
      SPIKEWATCH_S3_ACCESS_KEY_ID: "AKID",
      SPIKEWATCH_S3_SECRET_ACCESS_KEY: "SECRET",
      SPIKEWATCH_S3_PREFIX: "sw/",
    });
    expect(settings).toEqual({
      kind: "s3",
      endpoint: "http://minio:9000",
      bucket: "ckpts",
      region: "eu-west-1",
      credentials: { accessKeyId: "AKID", secretAccessKey: "SECRET" },
      addressing: "path",
      prefix: "sw/",
    });
  });

  it("needs only a bucket: AWS's endpoint with virtual-host addressing, the SDK's region and credential chains", () => {
    expect(s3({})).toEqual({
      kind: "s3",
      endpoint: undefined,
      bucket: "ckpts",
      region: undefined,
      credentials: undefined,
      addressing: "virtual",
      prefix: "",
    });
    const r2 = s3({ SPIKEWATCH_S3_ENDPOINT: "https://r2.example.com", SPIKEWATCH_S3_ADDRESSING: "virtual" });
    expect(r2).toMatchObject({ addressing: "virtual", region: "us-east-1" });
    expect(s3({ SPIKEWATCH_S3_ADDRESSING: "path" })).toMatchObject({ endpoint: undefined, addressing: "path" });
  });

  it("passes a session token with explicit keys", () => {
    const temporary = s3({
      SPIKEWATCH_S3_ACCESS_KEY_ID: "ASIA",
      SPIKEWATCH_S3_SECRET_ACCESS_KEY: "S",
      SPIKEWATCH_S3_SESSION_TOKEN: "T",
    });
    expect(temporary).toMatchObject({ credentials: { accessKeyId: "ASIA", secretAccessKey: "S", sessionToken: "T" } });
  });

  it.each([
    [{ SPIKEWATCH_S3_BUCKET: "" }, /SPIKEWATCH_S3_BUCKET: required when SPIKEWATCH_BLOB_STORE=s3/],
    [{ SPIKEWATCH_S3_ACCESS_KEY_ID: "AKID" }, /SPIKEWATCH_S3_SECRET_ACCESS_KEY: set both keys, or neither/],
    [{ SPIKEWATCH_S3_SECRET_ACCESS_KEY: "SECRET" }, /SPIKEWATCH_S3_ACCESS_KEY_ID: set both keys, or neither/],
    [{ SPIKEWATCH_S3_SESSION_TOKEN: "T" }, /SPIKEWATCH_S3_SESSION_TOKEN: only with/],
    [{ SPIKEWATCH_S3_ADDRESSING: "vhost" }, /SPIKEWATCH_S3_ADDRESSING: expected path or virtual, got "vhost"/],
    [{ SPIKEWATCH_S3_ENDPOINT: "minio:9000" }, /SPIKEWATCH_S3_ENDPOINT: must be an http\(s\) URL/],
  ])("refuses %j, naming the variable", (env, message) => {
    expect(() => s3(env)).toThrow(ConfigError);
    expect(() => s3(env)).toThrow(message);
  });
});
