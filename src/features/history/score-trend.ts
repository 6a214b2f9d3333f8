/**
 * Geometry and words for the History screen's score trend: overall scores (0–100) in the order
 * the interviews happened. Pure, so the chart's scale and labels are unit-tested; the component
 * only draws what this returns. Coordinates are in CSS pixels of the measured width, so circles
 * stay round and labels keep their size at any screen width.
 */

export interface TrendPoint {
  at: number;
  score: number;
  title: string;
}

export interface TrendDot extends TrendPoint {
  x: number;
  y: number;
}

export interface TrendLayout {
  width: number;
  height: number;
  /** The plot area; the y axis (0–100) runs from `bottom` up to `top`. */
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** Labelled horizontal lines at these scores. */
  gridlines: { value: number; y: number }[];
  dots: TrendDot[];
  radius: number;
  path: string;
  /** The latest score, written next to its point. */
  latest: { x: number; y: number; text: string; anchor: 'start' | 'middle' | 'end' } | null;
}

export const TREND_HEIGHT = 170;
const GRID_VALUES = [0, 50, 100];

function clampScore(score: number): number {
  if (!Number.isFinite(score)) return 0;
  return Math.min(100, Math.max(0, score));
}

export function trendLayout(points: readonly TrendPoint[], width: number, height = TREND_HEIGHT): TrendLayout {
  const w = Math.max(120, Math.round(width));
  const left = 36;
  const right = w - 14;
  const top = 24;
  const bottom = height - 28;
  const yOf = (score: number) => bottom - (clampScore(score) / 100) * (bottom - top);
  const step = points.length > 1 ? (right - left) / (points.length - 1) : 0;
  const dots = points.map((p, i) => ({
    ...p,
    x: points.length === 1 ? (left + right) / 2 : left + i * step,
    y: yOf(p.score),
  }));
  const last = dots.at(-1);
  return {
    width: w,
    height,
    left,
    right,
    top,
    bottom,
    gridlines: GRID_VALUES.map((value) => ({ value, y: yOf(value) })),
    dots,
    radius: points.length > 1 ? Math.max(2.5, Math.min(4.5, step / 3)) : 4.5,
    path: dots.map((d, i) => `${i === 0 ? 'M' : 'L'}${d.x.toFixed(1)},${d.y.toFixed(1)}`).join(' '),
    latest: last
      ? { x: last.x, y: last.y - 10, text: String(Math.round(clampScore(last.score))), anchor: points.length === 1 ? 'middle' : 'end' }
      : null,
  };
}

/** A date without the time, for the axis and the table ("24 Nov 2026" in en-GB). */
export function formatDay(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, { dateStyle: 'medium' });
}

/** What the chart shows, in one sentence for screen readers (the table below has every score). */
export function trendSummary(points: readonly TrendPoint[]): string {
  if (points.length === 0) return 'No scored interviews yet.';
  const first = Math.round(clampScore(points[0]!.score));
  const latest = Math.round(clampScore(points.at(-1)!.score));
  if (points.length === 1) return `One scored interview: ${latest} out of 100.`;
  return `Overall scores of ${points.length} interviews, out of 100: first ${first}, latest ${latest}.`;
}
