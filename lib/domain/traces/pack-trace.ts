/** What the worker measured at one position: the model's distribution for the token at position + 1. */
export type PositionStats = {
  /** probability of the actual next token; null at the last position */
  pNext: number | null;
  /** entropy of the distribution, in nats */
  entropy: number;
  /** probability of each tracked token, in the order of the tracked ids */
  tracked: readonly number[];
  /** top alternatives, most likely first */
  top: readonly { id: number; p: number }[];
};

export const TOP_K = 5;

/** A trace as stored: little-endian Float32/Int32 arrays as bytes, one row per checkpoint and probe. */
export type PackedTrace = {
  tokenCount: number;
  tokenIds: Bytes;
  pNext: Bytes;
  entropy: Bytes;
  tracked: Bytes;
  topIds: Bytes;
  topP: Bytes;
};

type Bytes = Uint8Array<ArrayBuffer>;

/** Packs per-position stats; missing top entries are id -1 with p 0, a null pNext is NaN. */
export function packTrace(
  tokenIds: readonly number[],
  stats: readonly PositionStats[],
  trackedCount: number,
): PackedTrace {
  const n = tokenIds.length;
  if (stats.length !== n) throw new RangeError(`expected ${n} positions, got ${stats.length}`);
  const pNext = new Float32Array(n);
  const entropy = new Float32Array(n);
  const tracked = new Float32Array(n * trackedCount);
  const topIds = new Int32Array(n * TOP_K).fill(-1);
  const topP = new Float32Array(n * TOP_K);
  stats.forEach((s, i) => {
    pNext[i] = s.pNext ?? Number.NaN;
    entropy[i] = s.entropy;
    tracked.set(s.tracked.slice(0, trackedCount), i * trackedCount);
    s.top.slice(0, TOP_K).forEach((t, k) => {
      topIds[i * TOP_K + k] = t.id;
      topP[i * TOP_K + k] = t.p;
    });
  });
  return {
    tokenCount: n,
    tokenIds: bytes(Int32Array.from(tokenIds)),
    pNext: bytes(pNext),
    entropy: bytes(entropy),
    tracked: bytes(tracked),
    topIds: bytes(topIds),
    topP: bytes(topP),
  };
}

export type UnpackedTrace = { tokenIds: number[]; stats: PositionStats[] };

export function unpackTrace(
  packed: Record<Exclude<keyof PackedTrace, "tokenCount">, Uint8Array>,
  trackedCount: number,
): UnpackedTrace {
  const ids = new Int32Array(copy(packed.tokenIds));
  const pNext = new Float32Array(copy(packed.pNext));
  const entropy = new Float32Array(copy(packed.entropy));
  const tracked = new Float32Array(copy(packed.tracked));
  const topIds = new Int32Array(copy(packed.topIds));
  const topP = new Float32Array(copy(packed.topP));
  const stats = Array.from(ids, (_, i): PositionStats => ({
    pNext: Number.isNaN(pNext[i]!) ? null : pNext[i]!,
    entropy: entropy[i]!,
    tracked: Array.from(tracked.subarray(i * trackedCount, (i + 1) * trackedCount)),
    top: Array.from({ length: TOP_K }, (_, k) => ({ id: topIds[i * TOP_K + k]!, p: topP[i * TOP_K + k]! })).filter(
      (t) => t.id >= 0,
    ),
  }));
  return { tokenIds: Array.from(ids), stats };
}

function bytes(array: Float32Array<ArrayBuffer> | Int32Array<ArrayBuffer>): Bytes {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

// Database drivers hand back views at any byte offset; typed arrays need an aligned buffer of their own.
function copy(view: Uint8Array): ArrayBuffer {
  return view.slice().buffer;
}
