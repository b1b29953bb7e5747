import type { DecoderConfig } from "./decoder-config";

const f32 = Math.fround;

/**
 * Rotary inverse frequencies, one per pair of head dims, as transformers computes them
 * (modeling_rope_utils.py: _compute_default_rope_parameters, _compute_linear_scaling_rope_parameters,
 * _compute_llama3_parameters), in float32 at each step as torch does, so the angles match the
 * reference bit for bit where the arithmetic allows.
 */
export function ropeInverseFrequencies(config: Pick<DecoderConfig, "headDim" | "ropeTheta" | "rope">): Float32Array {
  const { headDim: dim, ropeTheta: base, rope } = config;
  const inv = Float32Array.from({ length: dim / 2 }, (_, i) => f32(1 / f32(Math.pow(f32(base), f32((2 * i) / dim)))));
  if (rope.type === "default") return inv;
  if (rope.type === "linear") return inv.map((x) => f32(x / rope.factor));
  const { factor, lowFreqFactor: low, highFreqFactor: high, originalMaxPositions: context } = rope;
  const lowFreqWavelen = context / low;
  const highFreqWavelen = context / high;
  return inv.map((x) => {
    const wavelen = f32((2 * Math.PI) / x);
    if (wavelen < highFreqWavelen) return x;
    if (wavelen > lowFreqWavelen) return f32(x / factor);
    const smooth = f32((f32(context / wavelen) - low) / (high - low));
    return f32(f32(f32(1 - smooth) * f32(x / factor)) + f32(smooth * x));
  });
}
