/** transformers' name for a sharded checkpoint's index (SAFE_WEIGHTS_INDEX_NAME). */
export const SHARD_INDEX_FILE = "model.safetensors.index.json";
/** transformers' name for an unsharded checkpoint (SAFE_WEIGHTS_NAME). */
export const SINGLE_WEIGHTS_FILE = "model.safetensors";

/** A shard is a plain *.safetensors file name in the checkpoint folder: no path can leave it. */
function isShardName(name: string): boolean {
  return /^[^/\\\0]+\.safetensors$/.test(name) && name !== "." && name !== "..";
}

/**
 * Reads model.safetensors.index.json (`{metadata?, weight_map: {tensor: shard file}}`, as
 * transformers' save_pretrained writes it): which shard holds each tensor.
 */
export function parseShardIndex(json: unknown): Map<string, string> {
  const fail = (why: string): never => {
    throw new Error(`${SHARD_INDEX_FILE}: ${why}`);
  };
  const weightMap = (json as { weight_map?: unknown } | null)?.weight_map;
  if (typeof weightMap !== "object" || weightMap === null || Array.isArray(weightMap))
    return fail("has no weight_map object");
  const shards = new Map<string, string>();
  for (const [tensor, shard] of Object.entries(weightMap)) {
    if (typeof shard !== "string" || !isShardName(shard)) {
      fail(
        `weight_map.${tensor} is ${JSON.stringify(shard)}; expected a .safetensors file name in the checkpoint folder`,
      );
    }
    shards.set(tensor, shard as string);
  }
  if (shards.size === 0) fail("weight_map is empty");
  return shards;
}
