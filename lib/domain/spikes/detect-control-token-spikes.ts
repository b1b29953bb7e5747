/** One checkpoint's replay of one probe: tracked-token probabilities per position. */
export type ProbeTrace = {
  step: number;
  /** tracked[i][c]: probability (0..1) that the token at i+1 is trackedIds[c] */
  tracked: readonly (readonly number[])[];
};

export type ControlTokenSpike = {
  step: number;
  position: number;
  tokenId: number;
  /** probability at this checkpoint */
  p: number;
  /** highest probability of the same token at the same position over the previous `window` checkpoints */
  baseline: number;
  /** p / max(baseline, probabilityFloor) */
  foldChange: number;
};

export type SpikeOptions = {
  /** earlier checkpoints a probability is compared with */
  window: number;
  /** a spike must reach at least this probability */
  minProbability: number;
  /** ... and at least this many times the baseline */
  minFoldChange: number;
  /** baselines below this count as this, so 1e-9 → 1e-6 is not a spike */
  probabilityFloor: number;
};

export const SPIKE_DEFAULTS: SpikeOptions = {
  window: 3,
  minProbability: 0.05,
  minFoldChange: 10,
  probabilityFloor: 1e-3,
};

/**
 * Flags where a control token's probability jumps against the run's earlier checkpoints, at positions
 * where that token is not the actual next token (a model about to write `<tool_call>` should give it
 * high probability). Traces are one probe replayed on each checkpoint, sorted by step, positions
 * aligned (the same token sequence). A (position, token) of checkpoint k spikes when its probability p
 * is at least `minProbability` and at least `minFoldChange` times the baseline: the highest probability
 * of that token at that position over the previous `window` checkpoints, floored at `probabilityFloor`.
 * The first checkpoint has no baseline and never spikes. Non-finite probabilities never spike.
 */
export function detectControlTokenSpikes(
  traces: readonly ProbeTrace[],
  trackedIds: readonly number[],
  nextTokenIds: readonly number[],
  options: Partial<SpikeOptions> = {},
): ControlTokenSpike[] {
  const o = { ...SPIKE_DEFAULTS, ...options };
  const spikes: ControlTokenSpike[] = [];
  for (let k = 1; k < traces.length; k++) {
    const earlier = traces.slice(Math.max(0, k - o.window), k);
    const current = traces[k]!;
    current.tracked.forEach((probs, position) => {
      trackedIds.forEach((tokenId, c) => {
        if (nextTokenIds[position] === tokenId) return;
        const p = probs[c] ?? Number.NaN;
        if (!Number.isFinite(p) || p < o.minProbability) return;
        const baseline = Math.max(...earlier.map((t) => finiteOr(t.tracked[position]?.[c], 0)));
        const foldChange = p / Math.max(baseline, o.probabilityFloor);
        if (foldChange >= o.minFoldChange)
          spikes.push({ step: current.step, position, tokenId, p, baseline, foldChange });
      });
    });
  }
  return spikes;
}

function finiteOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) ? value : fallback;
}
