import { STATE_COLORS } from "@/components/ui/palette";
import { formatPercent } from "@/components/ui/format";
import { sparklinePath } from "@/lib/domain/charts/sparkline-path";
import type { SeriesPoint } from "@/lib/domain/series/downsample-min-max";

const WIDTH = 120;
const HEIGHT = 28;

/**
 * An inline SVG sparkline of a 0..1 rate (plain SVG: cheaper than a chart library for many rows).
 * The lowest point gets a red dot when it sits below the last value, so a collapse dip stands out.
 */
export function RateSparkline({ points, what }: { points: readonly SeriesPoint[]; what: string }) {
  const model = sparklinePath(points, { width: WIDTH, height: HEIGHT, yDomain: [0, 1], inset: 2.5 });
  if (!model) return <span className="text-zinc-400 dark:text-zinc-500">no train steps</span>;

  const { min, last } = model;
  const label = `${what} over ${model.pointCount} points: min ${formatPercent(min.value)} at step ${min.step}, last ${formatPercent(last.value)} at step ${last.step}`;
  return (
    <span className="inline-flex items-center gap-2">
      <svg
        role="img"
        aria-label={label}
        width={WIDTH}
        height={HEIGHT}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="shrink-0 overflow-visible"
      >
        <title>{label}</title>
        <line
          x1={0}
          x2={WIDTH}
          y1={HEIGHT - 2.5}
          y2={HEIGHT - 2.5}
          className="stroke-zinc-200 dark:stroke-zinc-700"
          strokeWidth={1}
        />
        <path
          d={model.path}
          fill="none"
          stroke={STATE_COLORS.healthy_tool_call}
          strokeWidth={1.5}
          strokeLinejoin="round"
        />
        {min.value < last.value ? <circle cx={min.x} cy={min.y} r={2.5} fill={STATE_COLORS.full_collapse} /> : null}
        <circle cx={last.x} cy={last.y} r={2} fill={STATE_COLORS.healthy_tool_call} />
      </svg>
      <span aria-hidden className="w-9 text-right font-mono text-xs tabular-nums">
        {formatPercent(last.value)}
      </span>
    </span>
  );
}
