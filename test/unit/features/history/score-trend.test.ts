import { describe, expect, it } from 'vitest';
import { trendLayout, trendSummary, type TrendPoint } from '../../../../src/features/history/score-trend';

const day = 86_400_000;
const points: TrendPoint[] = [
  { at: 1 * day, score: 40, title: 'First' },
  { at: 2 * day, score: 100, title: 'Second' },
  { at: 3 * day, score: 77, title: 'Third' },
];

describe('trendLayout', () => {
  it('draws the y axis from 0 at the bottom to 100 at the top, with labelled lines at 0, 50 and 100', () => {
    const l = trendLayout(points, 400);
    expect(l.gridlines.map((g) => g.value)).toEqual([0, 50, 100]);
    expect(l.gridlines[0]!.y).toBe(l.bottom);
    expect(l.gridlines[2]!.y).toBe(l.top);
    expect(l.gridlines[1]!.y).toBeCloseTo((l.top + l.bottom) / 2);
    expect(l.top).toBeGreaterThan(0);
    expect(l.bottom).toBeLessThan(l.height);
  });

  it('spreads the points evenly from the left edge of the plot to the right, at the measured width', () => {
    const l = trendLayout(points, 400);
    expect(l.width).toBe(400);
    expect(l.dots.map((d) => d.x)).toEqual([l.left, (l.left + l.right) / 2, l.right]);
    expect(l.right).toBeLessThan(400);
    expect(l.dots[1]!.y).toBe(l.top);
    expect(l.dots[0]!.y).toBeCloseTo(l.bottom - 0.4 * (l.bottom - l.top));
    expect(l.path).toMatch(/^M[\d.]+,[\d.]+ L[\d.]+,[\d.]+ L[\d.]+,[\d.]+$/);
  });

  it('labels the latest score just above its point', () => {
    const l = trendLayout(points, 400);
    expect(l.latest).toEqual({ x: l.right, y: l.dots[2]!.y - 10, text: '77', anchor: 'end' });
  });

  it('keeps scores outside 0–100 on the chart', () => {
    const l = trendLayout(
      [
        { at: 1, score: -5, title: 'a' },
        { at: 2, score: 140, title: 'b' },
      ],
      300,
    );
    expect(l.dots[0]!.y).toBe(l.bottom);
    expect(l.dots[1]!.y).toBe(l.top);
    expect(l.latest?.text).toBe('100');
  });

  it('shrinks the dots when many points share a narrow chart, and keeps a width of at least 120 px', () => {
    const many = Array.from({ length: 80 }, (_, i) => ({ at: i, score: 50, title: String(i) }));
    expect(trendLayout(many, 300).radius).toBe(2.5);
    expect(trendLayout(points, 600).radius).toBe(4.5);
    expect(trendLayout(points, 0).width).toBe(120);
  });

  it('centres a single point', () => {
    const l = trendLayout([{ at: 1, score: 60, title: 'only' }], 400);
    expect(l.dots[0]!.x).toBe((l.left + l.right) / 2);
    expect(l.latest?.anchor).toBe('middle');
  });
});

describe('trendSummary', () => {
  it('names how many interviews, the first and the latest score', () => {
    expect(trendSummary(points)).toBe('Overall scores of 3 interviews, out of 100: first 40, latest 77.');
    expect(trendSummary([points[0]!])).toBe('One scored interview: 40 out of 100.');
    expect(trendSummary([])).toBe('No scored interviews yet.');
  });
});
