/**
 * A failure that retrying cannot fix (a corrupt upload, a tokenizer that does not fit the model): the
 * worker fails the job at once instead of spending its remaining attempts and backoff on it.
 */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}
