import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createS3BlobStore, type S3Settings } from "@/lib/server/blobs/s3-blob-store";
import { makeTempDir, removeDir } from "../fixtures/temp-dir";
import { bytesOf, chunked, MIB, sha } from "./blob-store-contract";
import {
  startCredentialEndpoints,
  startS3Proxy,
  type CredentialEndpoints,
  type S3Proxy,
} from "./support/aws-endpoints";
import { S3RVER_KEYS, startS3rver, type RunningS3 } from "./support/start-s3rver";

// What the SDK brings over the hand-written client it replaced: streamed multipart uploads, retries,
// session tokens, and credentials and region from AWS's default chains. A proxy in front of s3rver
// sees (and can fail) every request. s3rver checks access key ids but not SigV4 signatures, so which
// source the credentials came from shows in the key id and the session token each source hands out;
// signatures are checked by the opt-in real-bucket suite (real-bucket.int.test.ts).
let s3: RunningS3;
let proxy: S3Proxy;
let aws: CredentialEndpoints;
let tmp: string;
beforeAll(async () => {
  s3 = await startS3rver();
  proxy = await startS3Proxy(s3.settings.endpoint!);
  aws = await startCredentialEndpoints(S3RVER_KEYS, "role-session-token");
  tmp = makeTempDir("s3-sdk");
});
afterAll(async () => {
  await Promise.all([s3?.stop(), proxy?.stop(), aws?.stop()]);
  removeDir(tmp);
});

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  proxy.failNext(0);
});

/** Leaves no AWS setting of this machine in the environment (and never lets the SDK ask 169.254.169.254). */
function awsEnvironment(vars: Record<string, string>) {
  for (const name of Object.keys(process.env)) if (name.startsWith("AWS_")) delete process.env[name];
  const empty = path.join(tmp, "empty-aws-file");
  fs.writeFileSync(empty, "");
  const isolated = { AWS_SHARED_CREDENTIALS_FILE: empty, AWS_CONFIG_FILE: empty, AWS_EC2_METADATA_DISABLED: "true" };
  Object.assign(process.env, isolated, vars);
}

const settings = (extra: Partial<S3Settings> = {}): S3Settings => ({
  ...s3.settings,
  endpoint: proxy.endpoint,
  prefix: "sdk/",
  ...extra,
});
const headerOf = (name: string) => proxy.seen.at(-1)?.headers[name];

async function roundTrip(store: ReturnType<typeof createS3BlobStore>, key: string) {
  await store.put(key, Readable.from([`data of ${key}`]));
  expect(await text(await store.get(key))).toBe(`data of ${key}`);
}

describe("S3 through the AWS SDK", () => {
  it("streams a blob over one part as a multipart upload, one part at a time", async () => {
    const big = bytesOf(12 * MIB, 5);
    const store = createS3BlobStore(settings(), { partBytes: 5 * MIB });
    proxy.seen.length = 0;
    await store.put("multi/model.onnx_data", chunked(big));
    const parts = proxy.seen.filter((r) => r.method === "PUT" && /[?&]partNumber=/.test(r.url));
    expect(parts).toHaveLength(3);
    expect(proxy.seen.filter((r) => r.method === "POST" && /[?&]uploadId=/.test(r.url))).toHaveLength(1);
    expect(sha(fs.readFileSync((await store.toLocalFile("multi/model.onnx_data", tmp)).path))).toBe(sha(big));
  });

  it("retries requests S3 answers with 503 SlowDown, and names the failure once retries run out", async () => {
    const store = createS3BlobStore(settings());
    proxy.failNext(2);
    proxy.seen.length = 0;
    await roundTrip(store, "retry/a.json");
    expect(proxy.seen.filter((r) => r.method === "PUT")).toHaveLength(3);

    proxy.failNext(1_000);
    const named = /S3 check retry\/a\.json failed: HTTP 503 .*\(s3:\/\/spikewatch\/sdk\/\)/;
    await expect(store.exists("retry/a.json")).rejects.toThrow(named);
  });

  it("signs with explicit keys and sends their session token (SPIKEWATCH_S3_SESSION_TOKEN)", async () => {
    awsEnvironment({});
    const credentials = { ...S3RVER_KEYS, sessionToken: "explicit-token" };
    await roundTrip(createS3BlobStore(settings({ credentials })), "keys/a.json");
    expect(headerOf("x-amz-security-token")).toBe("explicit-token");
  });

  describe("without keys in the settings: the SDK's default credential chain", () => {
    const chain = () => createS3BlobStore(settings({ credentials: undefined }));

    it("reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN", async () => {
      awsEnvironment({ AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", AWS_SESSION_TOKEN: "env-token" });
      await roundTrip(chain(), "chain/env.json");
      expect(headerOf("x-amz-security-token")).toBe("env-token");

      awsEnvironment({ AWS_ACCESS_KEY_ID: "NOT-S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER" });
      const refused = /S3 put chain\/wrong\.json failed: HTTP 403 InvalidAccessKeyId/;
      await expect(chain().put("chain/wrong.json", Readable.from(["x"]))).rejects.toThrow(refused);
    });

    it("reads a profile of the shared credentials file (AWS_PROFILE)", async () => {
      const file = path.join(tmp, "credentials");
      fs.writeFileSync(
        file,
        [
          "[default]",
          "aws_access_key_id = WRONG",
          "aws_secret_access_key = WRONG",
          "",
          "[spikewatch]",
          "aws_access_key_id = S3RVER",
          "aws_secret_access_key = S3RVER",
          "aws_session_token = profile-token",
          "",
        ].join("\n"),
      );
      awsEnvironment({ AWS_PROFILE: "spikewatch" });
      process.env.AWS_SHARED_CREDENTIALS_FILE = file;
      await roundTrip(chain(), "chain/profile.json");
      expect(headerOf("x-amz-security-token")).toBe("profile-token");
    });

    it("assumes a role with a web identity token (AWS_WEB_IDENTITY_TOKEN_FILE, as on EKS)", async () => {
      const token = path.join(tmp, "web-identity-token");
      fs.writeFileSync(token, "eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
      awsEnvironment({
        AWS_WEB_IDENTITY_TOKEN_FILE: token,
        AWS_ROLE_ARN: "arn:aws:iam::123456789012:role/spikewatch",
        AWS_ROLE_SESSION_NAME: "test",
        AWS_REGION: "us-east-1",
        AWS_ENDPOINT_URL_STS: `${aws.base}/sts`,
      });
      const before = aws.hits.sts;
      await roundTrip(chain(), "chain/web-identity.json");
      expect(aws.hits.sts).toBe(before + 1);
      expect(headerOf("x-amz-security-token")).toBe("role-session-token");
    });

    it("takes a container role from the ECS credentials endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI)", async () => {
      awsEnvironment({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${aws.base}/container` });
      const before = aws.hits.container;
      await roundTrip(chain(), "chain/container.json");
      expect(aws.hits.container).toBe(before + 1);
      expect(headerOf("x-amz-security-token")).toBe("role-session-token");
    });

    it("takes an instance role from the instance metadata service (IMDSv2)", async () => {
      awsEnvironment({ AWS_EC2_METADATA_SERVICE_ENDPOINT: `${aws.base}/` });
      delete process.env.AWS_EC2_METADATA_DISABLED;
      const before = aws.hits.imds;
      await roundTrip(chain(), "chain/instance.json");
      expect(aws.hits.imds).toBe(before + 1);
      expect(headerOf("x-amz-security-token")).toBe("role-session-token");
    });
  });

  // The store's own default, used on AWS (no endpoint); config gives an endpoint us-east-1 as before.
  it("takes the region from SPIKEWATCH_S3_REGION, else AWS_REGION, else us-east-1", async () => {
    const scope = () => /Credential=S3RVER\/\d{8}\/([a-z0-9-]+)\/s3\//.exec(String(headerOf("authorization")))?.[1];
    awsEnvironment({ AWS_REGION: "eu-west-1" });
    await roundTrip(createS3BlobStore(settings({ region: undefined })), "region/a.json");
    expect(scope()).toBe("eu-west-1");
    await roundTrip(createS3BlobStore(settings({ region: "ap-south-1" })), "region/b.json");
    expect(scope()).toBe("ap-south-1");
    awsEnvironment({});
    await roundTrip(createS3BlobStore(settings({ region: undefined })), "region/c.json");
    expect(scope()).toBe("us-east-1");
  });
});
