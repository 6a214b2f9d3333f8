/**
 * Where one trend chart's line, points and labels go, from d3-scale and d3-shape (the chart is
 * Svelte markup over these numbers; no scale or path is written by hand). Coordinates are CSS
 * pixels of the measured width, so circles stay round and labels keep their size.
 * This module, and with it d3, loads only with the History screen's trends.
 */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { SeriesSpec, TrendPoint } from '../../../domain/coaching/trends';

export const CHART_HEIGHT = 150;
/** Past this many interviews the points are too close to tell apart: the line alone is drawn. */
export const MAX_DOTS = 60;

export interface ChartGeometry {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  yTicks: { value: number; y: number }[];
  path: string;
  dots: { x: number; y: number }[];
  latest: { x: number; y: number; anchor: 'middle' | 'end' } | null;
}

export function chartGeometry(
  spec: SeriesSpec,
  points: readonly TrendPoint[],
  measuredWidth: number,
  height = CHART_HEIGHT,
): ChartGeometry {
  const width = Math.max(160, Math.round(measuredWidth));
  const left = 40;
  const right = width - 16;
  const top = 22;
  const bottom = height - 26;

  let highest = 0;
  for (const p of points) highest = Math.max(highest, p.value);
  const y = scaleLinear()
    .domain([0, spec.max ?? Math.max(1, highest)])
    .range([bottom, top])
    .clamp(true);
  // Scores keep their fixed scale (0–10, 0–100); measures get round numbers above their highest.
  if (spec.max === undefined) y.nice(3);
  const yTicks = (spec.max !== undefined ? [0, spec.max / 2, spec.max] : y.ticks(3)).map((value) => ({ value, y: y(value) }));

  const first = points[0]?.at ?? 0;
  const last = points.at(-1)?.at ?? 0;
  // Time as milliseconds on a linear scale: the dates are written with Intl, so d3's time
  // formatting (and its weight) is not needed.
  const x = scaleLinear()
    .domain([first, last > first ? last : first + 1])
    .range(points.length > 1 && last > first ? [left, right] : [(left + right) / 2, (left + right) / 2]);
  const xOf = (p: TrendPoint) => x(p.at);
  const yOf = (p: TrendPoint) => y(p.value);

  const path = points.length > 1 ? (line<TrendPoint>().x(xOf).y(yOf).digits(1)(points) ?? '') : '';
  const end = points.at(-1);
  return {
    width,
    height,
    left,
    right,
    top,
    bottom,
    yTicks,
    path,
    dots: points.length <= MAX_DOTS ? points.map((p) => ({ x: xOf(p), y: yOf(p) })) : [],
    latest: end ? { x: xOf(end), y: yOf(end) - 10, anchor: points.length > 1 && last > first ? 'end' : 'middle' } : null,
  };
}
