/**
 * Splits an answer into plain and highlighted parts so quoted evidence can be marked in the
 * report. Matching ignores case, runs of whitespace and curly vs straight quotes, like the
 * evidence check does.
 */
export interface Segment {
  text: string;
  mark: boolean;
}

function pattern(quote: string): RegExp | null {
  const words = quote
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) =>
      w
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/['‘’]/g, "['‘’]")
        .replace(/["“”]/g, '["“”]'),
    );
  return words.length ? new RegExp(words.join('\\s+'), 'iu') : null;
}

export function highlightSegments(text: string, quotes: readonly string[]): Segment[] {
  const ranges: [number, number][] = [];
  for (const quote of quotes) {
    const re = pattern(quote);
    const m = re?.exec(text);
    if (m) ranges.push([m.index, m.index + m[0].length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  const out: Segment[] = [];
  let at = 0;
  for (const [start, end] of merged) {
    if (start > at) out.push({ text: text.slice(at, start), mark: false });
    out.push({ text: text.slice(start, end), mark: true });
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}
