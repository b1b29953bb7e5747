import type { DecoderConfig } from "./decoder-config";

/** Weight dtypes the graph builder reads (cast once to float32 where they are not float32). */
export const WEIGHT_DTYPES = ["F32", "F16", "BF16"] as const;

export type TensorSpec = { name: string; shape: number[] };
export type FoundTensor = { dtype: string; shape: readonly number[] };

/** Every tensor a checkpoint of this config must hold, named as transformers saves them. */
export function decoderTensorSpecs(config: DecoderConfig): TensorSpec[] {
  const { hiddenSize: h, intermediateSize: m, numHeads, numKvHeads, headDim: d, vocabSize: v } = config;
  const linear = (name: string, out: number, input: number, hasBias: boolean): TensorSpec[] => [
    { name: `${name}.weight`, shape: [out, input] },
    ...(hasBias ? [{ name: `${name}.bias`, shape: [out] }] : []),
  ];
  const layer = (i: number): TensorSpec[] => {
    const p = `model.layers.${i}`;
    return [
      { name: `${p}.input_layernorm.weight`, shape: [h] },
      ...linear(`${p}.self_attn.q_proj`, numHeads * d, h, config.qkvBias),
      ...linear(`${p}.self_attn.k_proj`, numKvHeads * d, h, config.qkvBias),
      ...linear(`${p}.self_attn.v_proj`, numKvHeads * d, h, config.qkvBias),
      ...linear(`${p}.self_attn.o_proj`, h, numHeads * d, config.oBias),
      ...(config.qkNorm
        ? [
            { name: `${p}.self_attn.q_norm.weight`, shape: [d] },
            { name: `${p}.self_attn.k_norm.weight`, shape: [d] },
          ]
        : []),
      { name: `${p}.post_attention_layernorm.weight`, shape: [h] },
      ...linear(`${p}.mlp.gate_proj`, m, h, config.mlpBias),
      ...linear(`${p}.mlp.up_proj`, m, h, config.mlpBias),
      ...linear(`${p}.mlp.down_proj`, h, m, config.mlpBias),
    ];
  };
  return [
    { name: "model.embed_tokens.weight", shape: [v, h] },
    ...Array.from({ length: config.numLayers }, (_, i) => layer(i)).flat(),
    { name: "model.norm.weight", shape: [h] },
    ...(config.tieWordEmbeddings ? [] : [{ name: "lm_head.weight", shape: [v, h] }]),
  ];
}

/**
 * Checks that every tensor the config needs is present with its shape and a float dtype; throws
 * naming the first tensor that is missing or wrong. Extra tensors (a tied lm_head, rotary buffers) are
 * ignored, as transformers ignores them.
 */
export function checkDecoderTensors(
  specs: readonly TensorSpec[],
  found: (name: string) => FoundTensor | undefined,
): void {
  for (const spec of specs) {
    const tensor = found(spec.name);
    if (!tensor)
      throw new Error(`tensor ${spec.name} is missing: the config needs it with shape [${spec.shape.join(", ")}]`);
    if (!(WEIGHT_DTYPES as readonly string[]).includes(tensor.dtype)) {
      throw new Error(`tensor ${spec.name} has dtype ${tensor.dtype}; supported: ${WEIGHT_DTYPES.join(", ")}`);
    }
    if (tensor.shape.length !== spec.shape.length || tensor.shape.some((n, i) => n !== spec.shape[i])) {
      throw new Error(
        `tensor ${spec.name} has shape [${tensor.shape.join(", ")}]; the config needs [${spec.shape.join(", ")}]`,
      );
    }
  }
}
