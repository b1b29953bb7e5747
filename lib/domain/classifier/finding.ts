import { FAILURE_KINDS, type FailureKind, type Span } from "./types";

/** One detected failure and where it is in the turn. */
export type Finding = { kind: FailureKind; span: Span };

const ORDER = new Map<FailureKind, number>(FAILURE_KINDS.map((kind, i) => [kind, i]));

/** Distinct failure kinds of `findings`, in FAILURE_KINDS order (stable for storage and display). */
export function orderedKinds(findings: readonly Finding[]): FailureKind[] {
  const kinds = new Set(findings.map((f) => f.kind));
  return FAILURE_KINDS.filter((kind) => kinds.has(kind));
}

/** The earliest finding in the text (ties: FAILURE_KINDS order), so the UI highlights what broke first. */
export function firstSpan(findings: readonly Finding[]): Span | undefined {
  let best: Finding | undefined;
  for (const f of findings) {
    if (!best || f.span.start < best.span.start) best = f;
    else if (f.span.start === best.span.start && ORDER.get(f.kind)! < ORDER.get(best.kind)!) best = f;
  }
  return best ? { ...best.span } : undefined;
}
