import type { SeriesPoint } from "../series/downsample-min-max";

export type SparklineOptions = {
  width: number;
  height: number;
  /** value range mapped to the full height; defaults to the data's own min and max */
  yDomain?: [number, number];
  /** room kept free at every edge so the stroke and end dots are not clipped */
  inset?: number;
};

export type SparklineDot = { x: number; y: number; step: number; value: number };

/** What a sparkline renderer draws: one SVG path plus the points worth marking. */
export type SparklineModel = {
  /** SVG path data ("M x y L x y ..."); a lone point is a zero-length move, so draw `last` as a dot */
  path: string;
  width: number;
  height: number;
  /** the lowest point (earliest on ties): where a collapse dip is */
  min: SparklineDot;
  last: SparklineDot;
  pointCount: number;
};

/**
 * Maps a series (steps on x, values on y) onto a `width` x `height` box with y growing downwards.
 * Non-finite points are dropped and the rest sorted by step; values outside `yDomain` are clamped.
 * Coordinates are rounded to 0.01 px to keep the markup short. Returns null when nothing is left.
 */
export function sparklinePath(points: readonly SeriesPoint[], options: SparklineOptions): SparklineModel | null {
  const series = points
    .filter((p) => Number.isFinite(p.step) && Number.isFinite(p.value))
    .sort((a, b) => a.step - b.step);
  const first = series[0];
  const lastPoint = series[series.length - 1];
  if (!first || !lastPoint) return null;

  const { width, height, inset = 2 } = options;
  const [low, high] = options.yDomain ?? valueRange(series);
  const xSpan = lastPoint.step - first.step;
  const ySpan = high - low;
  const toDot = (p: SeriesPoint): SparklineDot => {
    const xFraction = xSpan > 0 ? (p.step - first.step) / xSpan : 1;
    const yFraction = ySpan > 0 ? (Math.min(high, Math.max(low, p.value)) - low) / ySpan : 0.5;
    return {
      x: round(inset + xFraction * (width - 2 * inset)),
      y: round(height - inset - yFraction * (height - 2 * inset)),
      step: p.step,
      value: p.value,
    };
  };

  const dots = series.map(toDot);
  let min = dots[0]!;
  for (const dot of dots) if (dot.value < min.value) min = dot;
  const path = dots.map((d, i) => `${i === 0 ? "M" : "L"}${d.x} ${d.y}`).join(" ");
  return { path, width, height, min, last: dots[dots.length - 1]!, pointCount: dots.length };
}

function valueRange(series: readonly SeriesPoint[]): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const { value } of series) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return [low, high];
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
