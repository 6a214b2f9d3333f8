/**
 * The interview guideline: N questions the model writes from the retrieved JD/resume
 * chunks. The model's JSON is untrusted: validated with zod, de-duplicated in code (models
 * repeat themselves, especially small ones), trimmed to N, and given stable ids here.
 */
import { z } from 'zod';
import type { Guideline, GuidelineQuestion } from './records';
import { isSameQuestion, normalizeText, textSimilarity } from './interview/similarity';
import { isVerbatimQuote } from './evidence';
import { lazy } from './lazy';

const text = (max: number) => z.string().trim().min(1).max(max);

const questionSchema = lazy(() =>
  z.object({
    text: text(600),
    topic: z.string().trim().max(120).optional().default(''),
    requirement: z.string().trim().max(600).optional().default(''),
  }),
);

/** Accepts `{ "questions": [...] }` or a bare array (small models often drop the wrapper). */
const guidelineReplySchema = lazy(() =>
  z.union([
    z.object({ questions: z.array(z.unknown()).min(1) }),
    z
      .array(z.unknown())
      .min(1)
      .transform((questions) => ({ questions })),
  ]),
);

export type GuidelineResult = { ok: true; guideline: Guideline; dropped: number } | { ok: false; problem: string };

export interface GuidelineOptions {
  /** How many questions were asked for. */
  count: number;
  /** Text the requirements should be quoted from (JD, or resume for resume interviews). */
  source: string;
  groundedIn: string[];
  /** Makes question ids; defaults to q1, q2, … */
  makeId?: (index: number) => string;
  /** Questions already planned (the guideline's first step): a question like one of them is dropped. */
  avoid?: readonly string[];
}

/** Fewer than this share of the requested questions is not a usable interview. */
const MIN_SHARE = 0.5;

/**
 * A requirement is meant to be quoted from the source. When the model paraphrased, use the
 * source sentence it paraphrased (the report shows what the JD actually says); when nothing
 * in the source is close, keep the model's words as a topic label.
 */
export function groundRequirement(requirement: string, source: string): string {
  if (requirement.length === 0) return requirement;
  if (normalizeText(source).includes(normalizeText(requirement))) return requirement;
  let best = '';
  let bestScore = 0;
  for (const sentence of source.split(/(?<=[.!?;])\s+|\n+/)) {
    const candidate = sentence.replace(/^[\s\-*•·\d.)]+/, '').trim();
    if (candidate.length === 0 || candidate.length > 400) continue;
    const score = textSimilarity(requirement, candidate);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return bestScore >= 0.34 ? best : requirement;
}

/**
 * Every question text in a guideline reply, before de-duplication and trimming: a reply for one
 * question may carry more, and all of them show which language the model wrote in (one short
 * question alone is often too short to tell).
 */
export function replyQuestionTexts(value: unknown): string[] {
  const reply = guidelineReplySchema().safeParse(value);
  if (!reply.success) return [];
  return reply.data.questions.flatMap((raw) => {
    const parsed = questionSchema().safeParse(typeof raw === 'string' ? { text: raw } : raw);
    return parsed.success ? [parsed.data.text] : [];
  });
}

export function parseGuideline(value: unknown, options: GuidelineOptions): GuidelineResult {
  const reply = guidelineReplySchema().safeParse(value);
  if (!reply.success) return { ok: false, problem: 'The reply must be a JSON object with a non-empty "questions" array.' };
  const kept: Omit<GuidelineQuestion, 'id'>[] = [];
  let dropped = 0;
  for (const raw of reply.data.questions) {
    // Models sometimes return plain strings instead of objects; accept them as question text.
    const parsed = questionSchema().safeParse(typeof raw === 'string' ? { text: raw } : raw);
    if (!parsed.success || [...(options.avoid ?? []), ...kept.map((q) => q.text)].some((q) => isSameQuestion(q, parsed.data.text))) {
      dropped++;
      continue;
    }
    const requirement = groundRequirement(parsed.data.requirement, options.source);
    kept.push({
      text: parsed.data.text,
      topic: parsed.data.topic,
      requirement,
      // Checked in code, not taken on trust: the report quotes only what the source really says.
      ...(requirement ? { requirementQuoted: isVerbatimQuote(requirement, options.source) } : {}),
    });
  }
  const needed = Math.max(1, Math.ceil(options.count * MIN_SHARE));
  if (kept.length < needed) {
    return {
      ok: false,
      problem: `Only ${kept.length} distinct valid question(s) came back; ${options.count} were requested, each with "text", "topic" and "requirement".`,
    };
  }
  const makeId = options.makeId ?? ((i: number) => `q${i + 1}`);
  const questions = kept.slice(0, options.count).map((q, i) => ({ id: makeId(i), ...q }));
  return {
    ok: true,
    guideline: { questions, groundedIn: [...options.groundedIn] },
    dropped: dropped + Math.max(0, kept.length - options.count),
  };
}

/**
 * "5 of the 6 questions you asked for" when the guideline came back shorter than the setup
 * asked (`Guideline.requested`), so the report and the interview say so instead of silently
 * running shorter; undefined when it is whole (or from before `requested` existed).
 */
export function shortGuidelineNote(guideline: Pick<Guideline, 'questions' | 'requested'>): string | undefined {
  const written = guideline.questions.length;
  const requested = guideline.requested;
  if (requested === undefined || written >= requested) return undefined;
  return `${written} of the ${requested} question${requested === 1 ? '' : 's'} you asked for`;
}
