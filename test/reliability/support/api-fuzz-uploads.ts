// Malformed checkpoint uploads (multipart) and requests to run ids that do not exist.
import fc from "fast-check";
import { CHECKPOINT_FILES } from "@/lib/domain/ingest/checkpoint-files";
import { TEST_API_TOKEN } from "@/test/global-setup";
import { naughtyString, solidString } from "./api-fuzz-values";

export type UploadCase = {
  mutation: string;
  body: Uint8Array<ArrayBuffer>;
  contentType: string | null;
  authorization: string | null;
};
type Part = { name: string; filename?: string; content: string | Uint8Array };

const BEARER = `Bearer ${TEST_API_TOKEN}`;
const BOUNDARY = "----spikewatch-fuzz-7d3f";
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

/** A multipart/form-data body; a part with a filename is a file part, one without is a field. */
export function multipartBody(parts: Part[], boundary = BOUNDARY): Uint8Array<ArrayBuffer> {
  const chunks = parts.flatMap((p) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename === undefined ? "" : `; filename="${p.filename}"`}\r\n\r\n`,
    ),
    Buffer.from(p.content),
    Buffer.from("\r\n"),
  ]);
  return new Uint8Array(Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]));
}

const modelPart = fc
  .uint8Array({ minLength: 1, maxLength: 256 })
  .map((bytes): Part => ({ name: "model.onnx", filename: "model.onnx", content: bytes }));
const optionalParts = fc
  .subarray(["config.json", "tokenizer.json", "tokenizer_config.json"])
  .map((names) => names.map((name): Part => ({ name, filename: name, content: "{}" })));
const validStep = fc.nat({ max: 1_000_000 }).map((n): Part => ({ name: "step", content: String(n) }));
// Only plain digits are a step: "", " 7", "1e3" and "0x10" are refused, not read as numbers.
const badStep = fc.oneof(
  fc.constantFrom("-1", "1.5", "abc", "1e99", "NaN", "Infinity", "2147483648", "0x", "--1"),
  fc.constantFrom("", " ", " 7", "1e3", "0x10", "7.0"),
  naughtyString.filter((s) => !/^\d{1,10}$/.test(s) || Number(s) > 2 ** 31 - 1),
);
const HOSTILE_NAMES = [
  "../../x",
  "../model.onnx",
  "/etc/passwd",
  "..\\..\\evil.sh",
  "model.onnx/../../x",
  "MODEL.ONNX",
  "model.onnx ",
  "evil.sh",
  "checkpoints/model.onnx",
  "%2e%2e%2fx",
  "model.onnx%00.sh",
  ".model.onnx",
];
const hostileName = fc.oneof(
  fc.constantFrom(...HOSTILE_NAMES),
  naughtyString.filter((s) => !(CHECKPOINT_FILES as readonly string[]).includes(s) && !/["\r\n\\]/.test(s)),
);
const validUpload = fc.tuple(validStep, modelPart, optionalParts).map(([step, model, rest]) => [step, model, ...rest]);

const multipartCase = (mutation: string, parts: fc.Arbitrary<Part[]>) =>
  parts.map((p): UploadCase => ({ mutation, body: multipartBody(p), contentType: MULTIPART, authorization: BEARER }));

/** Uploads that must be refused before a checkpoint row, a job or a file is kept. */
export const uploadCases: fc.Arbitrary<UploadCase> = fc.oneof(
  multipartCase(
    "step missing",
    fc.tuple(modelPart, optionalParts).map(([model, rest]) => [model, ...rest]),
  ),
  multipartCase(
    "step invalid",
    fc
      .tuple(badStep, modelPart, optionalParts)
      .map(([step, model, rest]) => [{ name: "step", content: step }, model, ...rest]),
  ),
  multipartCase(
    "a form field besides step",
    fc
      .tuple(
        validUpload,
        solidString(1, 20).filter((name) => name !== "step"),
        fc.nat(),
      )
      .map(([parts, name, at]) => parts.toSpliced(at % (parts.length + 1), 0, { name, content: "x" })),
  ),
  multipartCase(
    "step twice",
    fc.tuple(validUpload, validStep).map(([parts, step]) => [step, ...parts]),
  ),
  multipartCase(
    "model.onnx missing",
    fc.tuple(validStep, optionalParts).map(([step, rest]) => [step, ...rest]),
  ),
  multipartCase(
    "model.onnx sent as a field",
    fc
      .tuple(validStep, fc.string({ maxLength: 100 }))
      .map(([step, text]) => [step, { name: "model.onnx", content: text }]),
  ),
  multipartCase(
    "file part with a name outside the allowed set",
    fc
      .tuple(validUpload, hostileName, fc.nat())
      .map(([parts, name, at]) =>
        parts.toSpliced(at % (parts.length + 1), 0, { name, filename: "upload.bin", content: "x" }),
      ),
  ),
  multipartCase(
    "a file part twice",
    fc
      .tuple(validUpload, fc.constantFrom(...CHECKPOINT_FILES))
      .map(([parts, name]) => [
        ...parts,
        { name, filename: name, content: "again" },
        { name, filename: name, content: "again" },
      ]),
  ),
  fc.tuple(validUpload, fc.nat()).map(([parts, cut]): UploadCase => {
    const body = multipartBody(parts);
    return {
      mutation: "multipart cut off before its end",
      body: body.subarray(0, cut % (body.length - BOUNDARY.length - 6)),
      contentType: MULTIPART,
      authorization: BEARER,
    };
  }),
  fc.uint8Array({ maxLength: 200 }).map((bytes): UploadCase => ({
    mutation: "random bytes as multipart",
    body: new Uint8Array(bytes),
    contentType: MULTIPART,
    authorization: BEARER,
  })),
  fc
    .tuple(
      validUpload,
      fc.constantFrom(
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "application/json",
        "text/plain",
        "application/octet-stream",
        null,
      ),
    )
    .map(([parts, contentType]): UploadCase => ({
      mutation: "not multipart with a boundary",
      body: multipartBody(parts),
      contentType,
      authorization: BEARER,
    })),
  fc
    .tuple(
      validUpload,
      fc.constantFrom(null, "", "Bearer", "Bearer nope-nope-nope-nope-nope", `Basic ${TEST_API_TOKEN}`),
    )
    .map(([parts, authorization]): UploadCase => ({
      mutation: "no valid token",
      body: multipartBody(parts),
      contentType: MULTIPART,
      authorization,
    })),
);

/** Ids no run has: made-up, hostile, NUL or unpaired surrogates, very long. */
export const unknownRunId = fc.oneof(
  naughtyString,
  solidString(1, 30),
  fc.constantFrom("../../etc/passwd", "%00", "x".repeat(5_000), "cm0000000000000000000000"),
);
