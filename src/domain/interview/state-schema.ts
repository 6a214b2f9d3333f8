/**
 * Reads a stored interview state back (resume after reload). Stored data can come from an
 * older build or an import, so it is validated instead of trusted.
 */
import { z } from 'zod';
import type { InterviewState } from './state';
import { lazy } from '../lazy';

const schema = lazy(() => {
  const index = z.number().int().min(-1);
  const plan = z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('opening') }),
    z.object({ kind: z.literal('question'), questionIndex: index }),
    z.object({
      kind: z.literal('follow-up-or-next'),
      questionIndex: index,
      followUpsLeft: z.number().int().min(0),
      next: z.union([index, z.literal('closing')]),
    }),
    z.object({ kind: z.literal('closing') }),
  ]);

  return z.object({
    version: z.literal(1),
    phase: z.enum(['not-started', 'awaiting-reply', 'awaiting-answer', 'closed', 'finished']),
    questionCount: z.number().int().min(1),
    maxFollowUps: z.number().int().min(0),
    questionIndex: index,
    followUpsUsed: z.number().int().min(0),
    answerCount: z.number().int().min(0),
    pending: plan.nullable(),
    regenerations: z.number().int().min(0),
    asked: z.array(z.object({ kind: z.enum(['greeting', 'question', 'follow-up', 'closing']), questionIndex: index, text: z.string() })),
  });
});

export function readInterviewState(value: unknown): InterviewState | undefined {
  const parsed = schema().safeParse(value);
  return parsed.success ? (parsed.data as InterviewState) : undefined;
}
