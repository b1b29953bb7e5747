const WORD = /[\p{L}\p{N}]+/gu;
const HAN = /\p{Script=Han}/u;
// Every Han character (surrogate pairs included) has a code unit at or above U+2E80.
const MAY_HAVE_HAN = /[\u2e80-\uffff]/;

/**
 * Lowercased words of `text`, Unicode-aware. Runs of Chinese characters have no spaces between words,
 * so they are split into single characters to keep bigrams meaningful.
 */
export function wordTokens(text: string): string[] {
  const lower = text.toLowerCase();
  const words = lower.match(WORD) ?? [];
  if (!MAY_HAVE_HAN.test(lower)) return words;
  return words.flatMap((word) => (HAN.test(word) ? Array.from(word) : [word]));
}

/**
 * How strongly `turn` repeats `source`, 0..1, over distinct word bigrams: the larger of
 * - copied: the share of the turn's bigrams that occur in `source` (the turn is a copy, maybe of only
 *   the first sentence of a longer request), and
 * - Dice: 2·shared / (|turn| + |source|) (the turn is the whole request give or take a word, such as
 *   "Sure, could you please provide the reminder time?" after "Could you please provide the reminder time?").
 * Bigrams rather than words, because a confirmation reuses the user's words but rewords the predicate
 * ("I have added X" after "I need to add X" scores 0.83). 0 when either side has fewer than two words.
 */
export function echoSimilarity(turn: string, source: string): number {
  return bigramSimilarity(wordBigrams(turn), wordBigrams(source));
}

/** echoSimilarity of two texts' word-bigram sets (see wordBigrams), for callers that compare one text many times. */
export function bigramSimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return Math.max(shared / a.size, (2 * shared) / (a.size + b.size));
}

/** The distinct word bigrams of `text` (see wordTokens). */
export function wordBigrams(text: string): Set<string> {
  return bigramsOf(wordTokens(text));
}

/** The distinct bigrams of already split words (see wordTokens). */
export function bigramsOf(tokens: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < tokens.length; i++) out.add(`${tokens[i]}\u0000${tokens[i + 1]}`);
  return out;
}
