/**
 * Background (and, where needed, text) classes per colour bin of prepare-token-heat: bin 0 is
 * uncoloured, 1..8 go from faint amber to strong red, getting brighter in dark mode. Full class
 * strings, so Tailwind finds them; text stays readable (≥ 4.5:1) on every bin in both schemes.
 */
export const HEAT_CLASSES: readonly string[] = [
  "",
  "bg-amber-50 dark:bg-amber-950/70",
  "bg-amber-100 dark:bg-amber-950",
  "bg-amber-200 dark:bg-amber-900",
  "bg-orange-300 dark:bg-orange-900",
  "bg-orange-400 dark:bg-orange-800",
  "bg-red-400 dark:bg-red-800",
  "bg-red-600 text-white dark:bg-red-700",
  "bg-red-800 text-white dark:bg-red-500 dark:text-zinc-950",
];

/** Decision points wear a ring (the focus ring is an outline, so both can show at once). */
export const DECISION_RING = "ring-2 ring-sky-600 ring-inset dark:ring-sky-400";
