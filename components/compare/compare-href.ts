import type { CompareSelection } from "@/lib/domain/compare/compare-query";

/** The URL of a compare view (page or API): the selection in the query string, comma-separated lists. */
export function compareHref(
  path: "/compare" | "/api/compare",
  selection: CompareSelection,
  extra: Record<string, string> = {},
): string {
  const query = new URLSearchParams();
  if (selection.runs.length) query.set("runs", selection.runs.join(","));
  if (selection.regimes.length) query.set("regimes", selection.regimes.join(","));
  if (selection.evaluations) query.set("evaluations", "all");
  if (selection.demo !== "include") query.set("demo", selection.demo);
  for (const [k, v] of Object.entries(extra)) query.set(k, v);
  return `${path}?${query.toString().replaceAll("%2C", ",")}`;
}
