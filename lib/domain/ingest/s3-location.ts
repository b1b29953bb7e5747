/** A folder in a bucket: `s3://<bucket>/<prefix>`, the prefix empty or ending with `/`. */
export type S3Location = { bucket: string; prefix: string };

// Bucket names as S3 allows them; prefix segments as the blob store's keys allow them (no `.`/`..`
// segment, which path-style URLs would resolve into another bucket or key).
const S3_URL = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/((?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*)$/;

/** Parses `s3://bucket/prefix/`; null for anything else (no trailing slash, empty or dot segments, odd characters). */
export function parseS3Location(text: string): S3Location | null {
  const match = S3_URL.exec(text);
  return match ? { bucket: match[1]!, prefix: match[2]! } : null;
}

export function formatS3Location({ bucket, prefix }: S3Location): string {
  return `s3://${bucket}/${prefix}`;
}

/** Whether `inner` is `outer` or lies below it. */
export function isWithinS3Location(inner: S3Location, outer: S3Location): boolean {
  return inner.bucket === outer.bucket && inner.prefix.startsWith(outer.prefix);
}
