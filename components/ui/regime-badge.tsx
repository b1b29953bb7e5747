import { regimeColor } from "./palette";

/** A run's regime with its colour swatch, as every page shows it; "—" for a run without one. */
export function RegimeBadge({ regime }: { regime: string | null | undefined }) {
  if (!regime) return <span className="text-zinc-500">—</span>;
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap font-mono text-xs">
      <span aria-hidden className="inline-block size-2.5 rounded-sm" style={{ backgroundColor: regimeColor(regime) }} />
      {regime}
    </span>
  );
}
