/** Tunable limits of the structural classifier; every field has a documented default below. */
export type ClassifierOptions = {
  /**
   * Only the first `maxScanChars` characters of a turn are inspected (default 65 536 = 64 KiB).
   * Content is untrusted and can be megabytes of repeated tokens; a healthy Qwen turn is far
   * shorter, so the prefix always shows what went wrong while keeping the work bounded.
   */
  maxScanChars: number;
  /**
   * A text turn is an echo of the previous user message when echoSimilarity (word bigrams: the share
   * copied from the user, or the Dice overlap) reaches this value (default 0.9). Calibrated on the
   * ACEBench dialogues: verbatim repeats and "Sure, <the user's question>" score 0.9-1.0, while
   * confirmations that restate the request ("I have added the content ... to the reminder titled ...")
   * and polite paraphrases ("You're welcome. I'll wait for ...") score 0.86 or less.
   */
  echoThreshold: number;
  /** Turns with fewer words than this are never echoes (default 4): "Yes." or "Thank you." repeat by nature. */
  echoMinWords: number;
  /**
   * A first-person request sentence ("I need to view the messages Frank sent to me") is role confusion
   * when its echoSimilarity with an earlier user message reaches this value (default 0.5), or when it
   * speaks of the user's things ("me", "my account"). Calibrated on the ACEBench dialogues: the agent's
   * restatements of the user's requests score 0.53-1.0, its own plans ("Now, I need to add the message
   * content to a reminder ...") 0.4 or less. See role-confusion.ts.
   */
  roleConfusionThreshold: number;
  /**
   * Dialogue end signals that are neutral wherever they appear (default ["finish conversation"],
   * ACEBench's). They are not junk after a call, and not content that saves a bare tag from
   * full_collapse; a turn that is only the signal is a healthy_response.
   */
  endSignals: readonly string[];
  /**
   * Skip one leading `<think>...</think>` block before classifying (default true): Qwen3 writes it at
   * the start of every assistant turn, so it is not pollution. Think tags elsewhere are invented tags.
   */
  allowLeadingThink: boolean;
};

/** The defaults documented on {@link ClassifierOptions}. */
export const DEFAULT_CLASSIFIER_OPTIONS: Readonly<ClassifierOptions> = Object.freeze({
  maxScanChars: 65_536,
  echoThreshold: 0.9,
  echoMinWords: 4,
  roleConfusionThreshold: 0.5,
  endSignals: Object.freeze(["finish conversation"]),
  allowLeadingThink: true,
});
