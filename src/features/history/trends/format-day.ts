/** A date without the time, for the chart's ends and the tables ("24 Nov 2026" in en-GB). */
export function formatDay(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, { dateStyle: 'medium' });
}
