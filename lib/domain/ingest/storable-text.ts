// PostgreSQL text cannot hold NUL, and Prisma's query engine refuses a string with an unpaired
// UTF-16 surrogate: such strings fail only at the database (and on one engine only), so they are
// refused at the edge with the field named, alike on both engines.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_TEXT_MESSAGE = "must not contain NUL (\\u0000) or unpaired surrogate characters";

/** True when `text` can be stored as-is in a text column of either engine. */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}
