import type { EvalKind } from "@/lib/domain/ingest/schemas";

/** The paper's names for the evaluation kinds (domain.md §5). */
export function evalKindLabel(kind: EvalKind | null): string {
  if (kind === "in_distribution") return "in-distribution";
  if (kind === "format_ood") return "format OOD";
  if (kind === "content_ood") return "content OOD";
  return "unlabelled";
}
