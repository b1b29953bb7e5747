// Safetensors header parsing and validation (format: github.com/huggingface/safetensors, README
// "Format"): 8-byte little-endian header length N, N bytes of JSON `{name: {dtype, shape,
// data_offsets: [begin, end]}, "__metadata__"?: {...}}`, then the data; offsets count from the end of
// the header. The file is untrusted input: every number in the header is checked against the file.

/** The safetensors crate refuses larger headers (MAX_HEADER_SIZE); a 4 GB "header" is an attack. */
export const MAX_HEADER_BYTES = 100_000_000;

/** Bytes per element of each safetensors dtype. */
export const DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
  U16: 2,
  I16: 2,
  F16: 2,
  BF16: 2,
  U32: 4,
  I32: 4,
  F32: 4,
  U64: 8,
  I64: 8,
  F64: 8,
};

export type TensorEntry = {
  name: string;
  dtype: string;
  shape: number[];
  /** absolute byte offsets in the file: [begin, end) */
  begin: number;
  end: number;
};

export type SafetensorsHeader = { dataStart: number; tensors: Map<string, TensorEntry> };

/** The header length N from the file's first 8 bytes, checked against the file size and the limit. */
export function readHeaderLength(prefix: Uint8Array, fileSize: number, fileName: string): number {
  if (prefix.length < 8 || fileSize < 8)
    throw new Error(`${fileName} is not a safetensors file: shorter than its 8-byte header length`);
  const n = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) {
    throw new Error(
      `${fileName}: header length ${n} bytes is over the ${MAX_HEADER_BYTES}-byte limit ` +
        "(not a safetensors file, or a hostile one)",
    );
  }
  if (Number(n) + 8 > fileSize)
    throw new Error(`${fileName}: header length ${n} bytes runs past the end of the file (${fileSize} bytes)`);
  return Number(n);
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function parseEntry(
  name: string,
  value: unknown,
  dataStart: number,
  dataLength: number,
  fileName: string,
): TensorEntry {
  const fail = (why: string) => new Error(`${fileName}: tensor ${name}: ${why}`);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw fail("entry is not an object");
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (typeof dtype !== "string" || !(dtype in DTYPE_BYTES)) throw fail(`unknown dtype ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || !shape.every(isCount))
    throw fail(`shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw fail(`data_offsets ${JSON.stringify(offsets)} is not [begin, end]`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) throw fail(`data_offsets [${begin}, ${end}] end before they begin`);
  if (end > dataLength)
    throw fail(`data_offsets [${begin}, ${end}] run past the end of the data (${dataLength} bytes)`);
  // Multiplying in floating point cannot overflow into a match: any product above dataLength fails.
  const expected = shape.reduce((bytes: number, d: number) => bytes * d, DTYPE_BYTES[dtype]!);
  if (expected !== end - begin) {
    throw fail(
      `shape [${shape.join(", ")}] of ${dtype} needs ${expected} bytes ` +
        `but data_offsets [${begin}, ${end}] hold ${end - begin}`,
    );
  }
  return { name, dtype, shape, begin: dataStart + begin, end: dataStart + end };
}

/**
 * Parses and validates the JSON header (the N bytes after the length). Refuses invalid JSON, unknown
 * dtypes, bad shapes, offsets past the end, byte lengths that do not match dtype × shape, and
 * tensors whose bytes overlap. Gaps between tensors are allowed (they hold nothing we read).
 */
export function parseSafetensorsHeader(headerBytes: Uint8Array, fileSize: number, fileName: string): SafetensorsHeader {
  const dataStart = 8 + headerBytes.length;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(headerBytes));
  } catch (error) {
    throw new Error(
      `${fileName}: header is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new Error(`${fileName}: header is not a JSON object`);
  const tensors = new Map<string, TensorEntry>();
  for (const [name, value] of Object.entries(json)) {
    if (name === "__metadata__") continue;
    tensors.set(name, parseEntry(name, value, dataStart, fileSize - dataStart, fileName));
  }
  const byStart = [...tensors.values()].filter((t) => t.end > t.begin).sort((a, b) => a.begin - b.begin);
  byStart.forEach((t, i) => {
    const previous = byStart[i - 1];
    if (previous && t.begin < previous.end)
      throw new Error(`${fileName}: tensors ${previous.name} and ${t.name} overlap`);
  });
  return { dataStart, tensors };
}
