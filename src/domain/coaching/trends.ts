/**
 * Trends per skill (issue 16): the History screen's series — the overall score and each
 * feedback category over time, and the delivery of spoken answers (pace, fillers, long pauses)
 * — with the filters by interview type and job description, and one honest sentence per series.
 * Pure: the screen draws what this returns, and the unit tests check the words. It reads session
 * summaries (domain/session-summary), not whole records: a thousand reports are megabytes.
 */
import type { CategoryScores, InterviewType, MessageRecord } from '../records';
import { jobTitleOf, type SessionSummary } from '../session-summary';

export { jobTitleOf };

export type SkillKey = 'overall' | keyof CategoryScores;
export type DeliveryKey = 'pace' | 'fillers' | 'pauses';
export type SeriesKey = SkillKey | DeliveryKey;

/** One interview's value in a series. */
export interface TrendPoint {
  sessionId: string;
  /** When the interview started (ms). */
  at: number;
  title: string;
  value: number;
}

/** What a series measures, and how its changes are told. */
export interface SeriesSpec {
  key: SeriesKey;
  label: string;
  /** The scale's top when it is fixed (scores); absent: from the data. */
  max?: number;
  /** How a value is written ("72", "7 out of 10", "140 words per minute"). */
  unit: string;
  /** The change word for scores ("points"); measures say "from A to B" instead. */
  points: boolean;
  /** A change smaller than this over the window reads as steady. */
  steadyWithin: number;
  /** Decimals shown in the table and the words. */
  decimals: number;
}

export interface Series {
  spec: SeriesSpec;
  points: TrendPoint[];
  /** "Structure: up 2 points over your last 5 interviews (from 5 to 7 out of 10)." */
  summary: string;
}

export const SKILL_SPECS: readonly SeriesSpec[] = [
  { key: 'overall', label: 'Overall score', max: 100, unit: 'out of 100', points: true, steadyWithin: 3, decimals: 0 },
  { key: 'relevance', label: 'Relevance', max: 10, unit: 'out of 10', points: true, steadyWithin: 0.5, decimals: 1 },
  { key: 'depth', label: 'Depth', max: 10, unit: 'out of 10', points: true, steadyWithin: 0.5, decimals: 1 },
  { key: 'structure', label: 'Structure', max: 10, unit: 'out of 10', points: true, steadyWithin: 0.5, decimals: 1 },
  { key: 'clarity', label: 'Clarity', max: 10, unit: 'out of 10', points: true, steadyWithin: 0.5, decimals: 1 },
  { key: 'confidence', label: 'Confidence', max: 10, unit: 'out of 10', points: true, steadyWithin: 0.5, decimals: 1 },
];

export const DELIVERY_SPECS: readonly SeriesSpec[] = [
  { key: 'pace', label: 'Pace', unit: 'words per minute', points: false, steadyWithin: 10, decimals: 0 },
  { key: 'fillers', label: 'Fillers', unit: 'per minute', points: false, steadyWithin: 0.5, decimals: 1 },
  { key: 'pauses', label: 'Long pauses', unit: 'per answer (over 2 seconds)', points: false, steadyWithin: 0.3, decimals: 1 },
];

/** How many of the latest interviews the summary compares. */
export const SUMMARY_WINDOW = 5;

export const ALL = 'all';

export interface TrendFilter {
  type: InterviewType | typeof ALL;
  /** A `jobGroupOf` value, or 'all'. */
  job: string;
}

/**
 * The job an interview was set up for: its `jobKey` (the same description, however often it was
 * used), or — for an interview without a job description — its (empty) title.
 */
export function jobGroupOf(session: SessionSummary): string {
  if (session.jobKey) return `key:${session.jobKey}`;
  return `title:${session.jobTitle ?? ''}`;
}

/**
 * Practice interviews with a report, oldest first: what every series is drawn from. Retry and
 * drill sessions (`origin`) are left out: they ask only questions that went badly, one or a few at
 * a time, so their scores would read as swings of skill; the report compares their attempts.
 */
export function scoredInterviews(sessions: readonly SessionSummary[], filter: TrendFilter = { type: ALL, job: ALL }): SessionSummary[] {
  return sessions
    .filter(
      (s) =>
        s.mode === 'practice' &&
        s.feedback !== undefined &&
        s.originKind === undefined &&
        (filter.type === ALL || s.type === filter.type) &&
        (filter.job === ALL || jobGroupOf(s) === filter.job),
    )
    .sort((a, b) => a.createdAt - b.createdAt);
}

export interface JobOption {
  value: string;
  label: string;
  count: number;
}

/**
 * The jobs to filter by, among the scored interviews: named by the first line of the latest
 * interview's description, most recent first. Two jobs with the same first line are numbered.
 */
export function jobOptions(sessions: readonly SessionSummary[]): JobOption[] {
  const groups = new Map<string, { label: string; count: number; latest: number }>();
  for (const s of scoredInterviews(sessions)) {
    const key = jobGroupOf(s);
    const group = groups.get(key) ?? { label: '', count: 0, latest: 0 };
    group.count++;
    if (s.createdAt >= group.latest) {
      group.latest = s.createdAt;
      group.label = s.jobTitle || 'No job description';
    }
    groups.set(key, group);
  }
  const sorted = [...groups.entries()].sort((a, b) => b[1].latest - a[1].latest);
  const seen = new Map<string, number>();
  return sorted.map(([value, g]) => {
    const n = (seen.get(g.label) ?? 0) + 1;
    seen.set(g.label, n);
    return { value, label: n > 1 ? `${g.label} (${n})` : g.label, count: g.count };
  });
}

/** The overall score and each category over the given interviews (oldest first). */
export function skillSeries(scored: readonly SessionSummary[]): Series[] {
  return SKILL_SPECS.map((spec) => {
    const points = scored.flatMap((s) => {
      const f = s.feedback;
      if (!f) return [];
      const value = spec.key === 'overall' ? f.overallScore : f.categories[spec.key as keyof CategoryScores];
      return Number.isFinite(value) ? [{ sessionId: s.id, at: s.createdAt, title: s.title, value }] : [];
    });
    return { spec, points, summary: summarize(spec, points, 'interview') };
  });
}

/** One interview's delivery, from its spoken answers. */
export interface SessionDelivery {
  sessionId: string;
  at: number;
  title: string;
  /** Spoken answers with metrics. */
  answers: number;
  wordsPerMinute: number;
  fillersPerMinute: number;
  longPausesPerAnswer: number;
}

/**
 * The delivery of one interview's spoken answers, weighted by how long each was (the words and
 * fillers of all of them over all their minutes); undefined when none was spoken.
 */
export function deliveryOf(
  session: Pick<SessionSummary, 'id' | 'createdAt' | 'title'>,
  messages: readonly MessageRecord[],
): SessionDelivery | undefined {
  let seconds = 0;
  let words = 0;
  let fillers = 0;
  let pauses = 0;
  let answers = 0;
  for (const m of messages) {
    if (m.role !== 'user' || !m.spoken || !m.metrics || (m.kind !== undefined && m.kind !== 'answer')) continue;
    if (!(m.metrics.durationSeconds > 0)) continue;
    seconds += m.metrics.durationSeconds;
    words += m.metrics.wordCount;
    fillers += m.metrics.fillerCount;
    pauses += m.metrics.pausesOver2s;
    answers++;
  }
  if (answers === 0) return undefined;
  const minutes = seconds / 60;
  return {
    sessionId: session.id,
    at: session.createdAt,
    title: session.title,
    answers,
    wordsPerMinute: words / minutes,
    fillersPerMinute: fillers / minutes,
    longPausesPerAnswer: pauses / answers,
  };
}

/** Pace, fillers and long pauses over the interviews that had spoken answers (any order). */
export function deliverySeries(deliveries: readonly SessionDelivery[]): Series[] {
  const sorted = [...deliveries].sort((a, b) => a.at - b.at);
  const valueOf: Record<DeliveryKey, (d: SessionDelivery) => number> = {
    pace: (d) => d.wordsPerMinute,
    fillers: (d) => d.fillersPerMinute,
    pauses: (d) => d.longPausesPerAnswer,
  };
  return DELIVERY_SPECS.map((spec) => {
    const points = sorted.map((d) => ({ sessionId: d.sessionId, at: d.at, title: d.title, value: valueOf[spec.key as DeliveryKey](d) }));
    return { spec, points, summary: summarize(spec, points, 'spoken interview') };
  });
}

/** A value as the table and the words write it: rounded to the series' decimals, no trailing ".0". */
export function formatValue(spec: SeriesSpec, value: number): string {
  const rounded = Number(value.toFixed(spec.decimals));
  return String(rounded);
}

function withUnit(spec: SeriesSpec, value: number): string {
  return `${formatValue(spec, value)} ${spec.unit}`;
}

/** A rounder "about" for steady values: pace to the nearest 5, the others as written. */
function about(spec: SeriesSpec, value: number): string {
  return spec.key === 'pace' ? `${Math.round(value / 5) * 5} ${spec.unit}` : withUnit(spec, value);
}

/**
 * One sentence per series over the latest `SUMMARY_WINDOW` interviews, comparing the first of
 * them with the latest: "up 12 points" for scores, "up from 120 to 150 words per minute" for
 * delivery, "steady at about 140 words per minute" when the change is small. One interview
 * says so instead of pretending to a trend.
 */
export function summarize(spec: SeriesSpec, points: readonly TrendPoint[], noun: 'interview' | 'spoken interview'): string {
  if (points.length === 0) return `${spec.label}: no ${noun === 'interview' ? 'scored interviews' : 'spoken answers'} yet.`;
  const latest = points.at(-1)!.value;
  if (points.length === 1) return `${spec.label}: ${withUnit(spec, latest)}, one ${noun} so far.`;
  const window = points.slice(-SUMMARY_WINDOW);
  const first = window[0]!.value;
  const span = `over your last ${window.length} ${noun}s`;
  const change = latest - first;
  if (Math.abs(change) < spec.steadyWithin) {
    const mean = window.reduce((sum, p) => sum + p.value, 0) / window.length;
    return `${spec.label}: steady at about ${about(spec, mean)} ${span}.`;
  }
  const direction = change > 0 ? 'up' : 'down';
  if (spec.points) {
    const size = formatValue(spec, Math.abs(change));
    return `${spec.label}: ${direction} ${size} ${size === '1' ? 'point' : 'points'} ${span} (from ${formatValue(spec, first)} to ${withUnit(spec, latest)}).`;
  }
  return `${spec.label}: ${direction} from ${formatValue(spec, first)} to ${withUnit(spec, latest)} ${span}.`;
}
