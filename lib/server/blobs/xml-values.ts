const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * The text of every `<tag>…</tag>` in an S3 XML response, entities decoded. S3's answers are flat
 * enough (ListObjectsV2 keys, UploadId, error Code) that this stands in for an XML parser.
 */
export function xmlValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, "g"))].map((m) =>
    m[1]!.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) =>
      e.startsWith("#") ? String.fromCodePoint(Number(e.startsWith("#x") || e.startsWith("#X") ? `0x${e.slice(2)}` : e.slice(1))) : ENTITIES[e.toLowerCase()]!,
    ),
  );
}
