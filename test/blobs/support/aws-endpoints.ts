// Local stand-ins for the AWS endpoints the SDK's credential chain and retries talk to, on loopback
// ports, answering in the documented formats: the ECS container credentials endpoint, EC2's instance
// metadata service (IMDSv2), STS AssumeRoleWithWebIdentity, and a proxy in front of s3rver that can
// fail requests the way S3 does under load (503 SlowDown).
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Keys = { accessKeyId: string; secretAccessKey: string };
export type SeenRequest = { method: string; url: string; headers: http.IncomingHttpHeaders };

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const close = (server: http.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

export type S3Proxy = {
  endpoint: string;
  seen: SeenRequest[];
  failNext: (count: number) => void;
  stop: () => Promise<void>;
};

/** Forwards every request to `target` unchanged (Host included, so signatures still match). */
export async function startS3Proxy(target: string): Promise<S3Proxy> {
  const seen: SeenRequest[] = [];
  let failures = 0;
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers });
    if (failures > 0) {
      failures--;
      req.resume();
      res.writeHead(503, { "content-type": "application/xml" });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?>' +
          "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>",
      );
      return;
    }
    const upstream = http.request(new URL(req.url!, target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  const endpoint = await listen(server);
  return { endpoint, seen, failNext: (count) => void (failures = count), stop: () => close(server) };
}

export type CredentialEndpoints = {
  base: string;
  hits: Record<"container" | "imds" | "sts", number>;
  stop: () => Promise<void>;
};

const EXPIRES = () => new Date(Date.now() + 3_600_000).toISOString();

/** Serves `keys` (with a session token) as container credentials, an instance role and an STS role. */
export async function startCredentialEndpoints(keys: Keys, sessionToken: string): Promise<CredentialEndpoints> {
  const hits = { container: 0, imds: 0, sts: 0 };
  const json = (res: http.ServerResponse, body: unknown) =>
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  const credentials = () => ({
    AccessKeyId: keys.accessKeyId,
    SecretAccessKey: keys.secretAccessKey,
    Token: sessionToken,
    Expiration: EXPIRES(),
  });
  const server = http.createServer((req, res) => {
    const url = req.url ?? "";
    req.resume();
    // ECS: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
    if (url === "/container") {
      hits.container++;
      return json(res, credentials());
    }
    // IMDSv2: a session token first, then the role name, then its credentials.
    if (req.method === "PUT" && url === "/latest/api/token") return res.writeHead(200).end("imds-session-token");
    if (url === "/latest/meta-data/iam/security-credentials/") return res.writeHead(200).end("spikewatch-role");
    if (url === "/latest/meta-data/iam/security-credentials/spikewatch-role") {
      hits.imds++;
      return json(res, { Code: "Success", LastUpdated: new Date().toISOString(), Type: "AWS-HMAC", ...credentials() });
    }
    // STS AssumeRoleWithWebIdentity (query protocol, XML answer).
    if (req.method === "POST" && url.startsWith("/sts")) {
      hits.sts++;
      res.writeHead(200, { "content-type": "text/xml" });
      return res.end(`<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
<AssumeRoleWithWebIdentityResult>
<Credentials>
<AccessKeyId>${keys.accessKeyId}</AccessKeyId><SecretAccessKey>${keys.secretAccessKey}</SecretAccessKey>
<SessionToken>${sessionToken}</SessionToken><Expiration>${EXPIRES()}</Expiration>
</Credentials>
<AssumedRoleUser>
<AssumedRoleId>AROA:spikewatch</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/spikewatch/test</Arn>
</AssumedRoleUser>
</AssumeRoleWithWebIdentityResult>
<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>`);
    }
    res.writeHead(404).end();
  });
  const base = await listen(server);
  return { base, hits, stop: () => close(server) };
}
