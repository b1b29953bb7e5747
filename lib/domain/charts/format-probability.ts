/** Probabilities for tooltips and tables: three decimals down to 0.001, then scientific ("3.2e-5"). */
export function formatProbability(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "—";
  if (p === 0) return "0";
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}

/** A fold change as "×42", "×1.5k" above a thousand. */
export function formatFoldChange(fold: number): string {
  if (!Number.isFinite(fold)) return "—";
  if (fold >= 1000) return `×${(fold / 1000).toFixed(1)}k`;
  return `×${fold >= 10 ? fold.toFixed(0) : fold.toFixed(1)}`;
}

/** Bytes in binary units: "812 B", "1.5 KiB", "3.2 GiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "—";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}
