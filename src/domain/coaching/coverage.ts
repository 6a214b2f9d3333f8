/**
 * Which requirements of a job the candidate has covered (issue 16, item 2), from the finished
 * interviews set up from that job's description. Pure: the app reads the sessions, this marks.
 *
 * - covered: an answer addressed it with a good score; the evidence quote (already checked to
 *   be the candidate's own words by the feedback step) is shown with a link to that report;
 * - partly: a question tested it, but the answer scored low or had no evidence;
 * - not asked yet.
 *
 * The map accumulates over every interview of the job. A question answered again (a retry or
 * drill session whose question names its original in `source`) replaces the earlier attempt:
 * the latest attempt of each question counts, and a requirement counts the best of its questions.
 */
import type { GuidelineQuestion, JobRequirement, QuestionFeedback, SessionRecord } from '../records';
import { requirementKey } from './requirements';
import { sessionJobKey } from './job-key';

export type CoverageStatus = 'covered' | 'partly' | 'not-asked';

/** A question scored at least this (question scores are 0–10) with evidence covers its requirement; the drill's default line (60 of 100) too. */
export const COVERED_SCORE = 6;

export interface RequirementCoverage {
  requirement: JobRequirement;
  status: CoverageStatus;
  /** Covered: the candidate's words that addressed it. */
  quote?: string;
  /** The attempt that decided the status (covered or partly): its report and question. */
  sessionId?: string;
  questionId?: string;
  score?: number;
  /** How many questions (latest attempt each) tested it. */
  attempts: number;
}

export interface CoverageMap {
  items: RequirementCoverage[];
  covered: number;
  partly: number;
  notAsked: number;
  /** Finished interviews that counted (the job's own and retries or drills of its questions). */
  interviews: number;
}

interface Attempt {
  /** The original question this attempt answers: `sessionId/questionId`. */
  key: string;
  sessionId: string;
  questionId: string;
  at: number;
  requirement: string;
  score: number;
  quote: string | undefined;
}

const STOPWORDS = new Set(
  'a an the and or of to in on at for with from by as is are be you your we our us it this that have has will can able ability experience experienced strong good solid skills skill knowledge years year work working using use'.split(
    ' ',
  ),
);

/** The content words of a `requirementKey`. */
function words(key: string): string[] {
  return [...new Set(key.split(' '))].filter((w) => w.length > 1 && !STOPWORDS.has(w));
}

/** Finds the job requirement a question's requirement quotes (or, failing that, mostly shares words with). */
class RequirementIndex {
  private readonly exact = new Map<string, number>();
  private readonly byWord = new Map<string, number[]>();
  private readonly keys: string[];
  private readonly sizes: number[];

  /**
   * `quoted`: every requirement the questions name. Only their words are indexed: a long
   * description has thousands of requirements and the interviews name a few hundred words.
   */
  constructor(requirements: readonly JobRequirement[], quoted: readonly string[]) {
    this.keys = [];
    this.sizes = [];
    const wanted = new Set(quoted.flatMap((q) => words(requirementKey(q))));
    requirements.forEach((r, i) => {
      const keys = r.merged ? [r.text, ...r.merged].map(requirementKey) : [requirementKey(r.text)];
      let size = 0;
      const own: string[] = [];
      for (const key of keys) {
        if (!this.exact.has(key)) this.exact.set(key, i);
        for (const w of key.split(' ')) {
          if (w.length < 2 || STOPWORDS.has(w)) continue;
          // Counted with repeats (rare within one requirement): the overlap's denominator.
          size++;
          if (wanted.has(w) && !own.includes(w)) own.push(w);
        }
      }
      this.keys.push(keys[0]!);
      this.sizes.push(size);
      for (const w of own) {
        const list = this.byWord.get(w);
        if (list) list.push(i);
        else this.byWord.set(w, [i]);
      }
    });
  }

  /** The index of the best-matching requirement, or -1. */
  find(quoted: string): number {
    const key = requirementKey(quoted);
    if (key.length === 0) return -1;
    const exact = this.exact.get(key);
    if (exact !== undefined) return exact;
    // A word in most requirements ("systems" in every bullet of a long list) tells none apart:
    // it is skipped when others remain, so one question does not visit the whole list.
    const common = Math.max(50, this.keys.length * 0.05);
    const all = words(key);
    const rare = all.filter((w) => (this.byWord.get(w)?.length ?? 0) <= common);
    const mine = rare.length > 0 ? rare : all;
    if (mine.length === 0) return -1;
    const shared = new Map<number, number>();
    for (const w of mine) for (const i of this.byWord.get(w) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
    let best = -1;
    let bestScore = 0;
    for (const [i, n] of shared) {
      // A quote of part of a requirement line (or a line that holds the quote) matches outright;
      // only possible when one side's (rare) words are all in the other.
      const mayContain = n >= Math.min(mine.length, this.sizes[i]!);
      const contains = mayContain && (this.keys[i]!.includes(key) || key.includes(this.keys[i]!));
      // Otherwise most of the shorter one's words must be in the other (Szymkiewicz–Simpson overlap).
      const overlap = n / Math.min(mine.length, this.sizes[i]!);
      const score = contains ? 1 + overlap : overlap >= 0.6 && (n >= 2 || mine.length === 1) ? overlap : 0;
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    return best;
  }
}

function attemptsOf(session: SessionRecord): Attempt[] {
  const feedback = session.feedback;
  if (session.status !== 'finished' || !feedback) return [];
  const questions = new Map<string, GuidelineQuestion>((session.guideline?.questions ?? []).map((q) => [q.id, q]));
  return feedback.questions.map((f: QuestionFeedback) => {
    const question = questions.get(f.questionId);
    const source = question?.source;
    const quote = f.evidence.find((e) => e.trim().length > 0);
    return {
      key: source ? `${source.sessionId}/${source.questionId}` : `${session.id}/${f.questionId}`,
      sessionId: session.id,
      questionId: f.questionId,
      at: feedback.createdAt,
      requirement: question?.requirement || f.requirement,
      score: f.score,
      quote,
    };
  });
}

/**
 * The coverage of `requirements` by the sessions of job `jobKey`: sessions with that key, and
 * retry or drill sessions whose questions come from them. `sessions` may hold any others.
 */
export function computeCoverage(
  requirements: readonly JobRequirement[],
  sessions: readonly SessionRecord[],
  jobKey: string,
  coveredScore = COVERED_SCORE,
): CoverageMap {
  const own = new Set(sessions.filter((s) => sessionJobKey(s) === jobKey).map((s) => s.id));
  const latest = new Map<string, Attempt>();
  let interviews = 0;
  for (const session of sessions) {
    const attempts = attemptsOf(session).filter((a) => own.has(a.key.slice(0, a.key.lastIndexOf('/'))) || own.has(session.id));
    if (attempts.length === 0) continue;
    interviews++;
    for (const attempt of attempts) {
      const before = latest.get(attempt.key);
      if (!before || attempt.at >= before.at) latest.set(attempt.key, attempt);
    }
  }

  const index = new RequirementIndex(
    requirements,
    [...latest.values()].map((a) => a.requirement),
  );
  const items: RequirementCoverage[] = requirements.map((requirement) => ({ requirement, status: 'not-asked', attempts: 0 }));
  /** When the attempt shown for each item was made. */
  const shownAt = new Map<number, number>();
  for (const attempt of latest.values()) {
    const i = index.find(attempt.requirement);
    if (i < 0) continue;
    const item = items[i]!;
    item.attempts++;
    const covers = attempt.score >= coveredScore && attempt.quote !== undefined;
    const status: CoverageStatus = covers ? 'covered' : 'partly';
    // Covered beats partly; between equals, the newer attempt is shown.
    const better = item.status === 'not-asked' || (status === 'covered' && item.status === 'partly');
    const same = status === item.status;
    if (better || (same && (shownAt.get(i) ?? 0) <= attempt.at)) {
      item.status = status;
      item.sessionId = attempt.sessionId;
      item.questionId = attempt.questionId;
      item.score = attempt.score;
      if (covers) item.quote = attempt.quote;
      else delete item.quote;
      shownAt.set(i, attempt.at);
    }
  }
  return {
    items,
    covered: items.filter((c) => c.status === 'covered').length,
    partly: items.filter((c) => c.status === 'partly').length,
    notAsked: items.filter((c) => c.status === 'not-asked').length,
    interviews,
  };
}

/** The requirements "Practise the gaps" targets: not covered yet (partly first, then not asked), verbatim. */
export function gapRequirements(map: CoverageMap, limit = 12): string[] {
  const partly = map.items.filter((c) => c.status === 'partly');
  const notAsked = map.items.filter((c) => c.status === 'not-asked');
  return [...partly, ...notAsked].slice(0, limit).map((c) => c.requirement.text);
}
