/** The text whose last token precedes the probed decision (domain.md §3). */
export const DECISION_TAG = "<|im_start|>assistant\n<tool_call>\n";

/**
 * Positions p where tokens[p - tag.length + 1 .. p] equal tagIds (the ids of DECISION_TAG, asked of
 * the checkpoint's tokenizer), ascending. The probe reads the distribution at p, i.e. of the first
 * token after the tag. An empty tag matches nowhere.
 */
export function findDecisionPoints(tokens: readonly number[], tagIds: readonly number[]): number[] {
  const positions: number[] = [];
  if (tagIds.length === 0) return positions;
  for (let end = tagIds.length - 1; end < tokens.length; end++) {
    const start = end - tagIds.length + 1;
    if (tagIds.every((id, j) => tokens[start + j] === id)) positions.push(end);
  }
  return positions;
}
