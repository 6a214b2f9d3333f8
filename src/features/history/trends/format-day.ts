/** One formatter for every date of the trends: `toLocaleDateString` builds a new one per call. */
let formatter: Intl.DateTimeFormat | undefined;

/** A date without the time, for the chart's ends and the tables ("24 Nov 2026" in en-GB). */
export function formatDay(ms: number): string {
  formatter ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
  return Number.isFinite(ms) ? formatter.format(ms) : new Date(ms).toLocaleDateString();
}
