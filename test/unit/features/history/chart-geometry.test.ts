import { describe, expect, it } from 'vitest';
import { chartGeometry, MAX_DOTS } from '../../../../src/features/history/trends/chart-geometry';
import { DELIVERY_SPECS, SKILL_SPECS, type TrendPoint } from '../../../../src/domain/coaching/trends';

const DAY = 86_400_000;
const overall = SKILL_SPECS[0]!;
const pace = DELIVERY_SPECS[0]!;
const pts = (...values: number[]): TrendPoint[] => values.map((value, i) => ({ sessionId: `s${i}`, at: i * DAY, title: `I${i}`, value }));

describe('chartGeometry', () => {
  it('keeps a score on its fixed scale: 0 at the bottom, the top of the scale at the top, ticks at 0, half and full', () => {
    const g = chartGeometry(overall, pts(0, 100, 50), 400);
    expect(g.yTicks.map((t) => t.value)).toEqual([0, 50, 100]);
    expect(g.yTicks[0]!.y).toBe(g.bottom);
    expect(g.yTicks[2]!.y).toBe(g.top);
    expect(g.dots.map((d) => d.y)).toEqual([g.bottom, g.top, (g.top + g.bottom) / 2]);
  });

  it('places the interviews by date from the left edge of the plot to the right, at the measured width', () => {
    const points = pts(10, 20, 30);
    points[2]!.at = 4 * DAY; // a gap of three days before the last one
    const g = chartGeometry(overall, points, 400);
    expect(g.width).toBe(400);
    expect(g.dots[0]!.x).toBe(g.left);
    expect(g.dots[2]!.x).toBe(g.right);
    expect(g.dots[1]!.x).toBeCloseTo(g.left + (g.right - g.left) / 4);
    expect(g.path).toMatch(/^M[\d.]+,[\d.]+L[\d.]+,[\d.]+L[\d.]+,[\d.]+$/);
  });

  it('gives a measure round ticks above its highest value, and draws one interview as a centred point without a line', () => {
    const g = chartGeometry(pace, pts(143, 171), 400);
    expect(g.yTicks.at(-1)!.value).toBeGreaterThanOrEqual(171);
    expect(g.yTicks[0]!.value).toBe(0);
    const one = chartGeometry(pace, pts(140), 400);
    expect(one.path).toBe('');
    expect(one.dots).toHaveLength(1);
    expect(one.dots[0]!.x).toBe((one.left + one.right) / 2);
    expect(one.latest?.anchor).toBe('middle');
  });

  it('draws the line alone when there are too many interviews to tell the points apart', () => {
    const many = pts(...Array.from({ length: MAX_DOTS + 1 }, (_, i) => i % 100));
    expect(chartGeometry(overall, many, 600).dots).toEqual([]);
    expect(chartGeometry(overall, many.slice(0, MAX_DOTS), 600).dots).toHaveLength(MAX_DOTS);
  });
});
