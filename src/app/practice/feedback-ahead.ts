/**
 * The feedback written after the closing reply, while the candidate reads it and before they
 * press Finish: Finish then finds it written, or joins it and shows the assessments done so far.
 * It runs as idle work (IdleWork), so it never competes with a turn for the engine.
 */
import type { ChatEngine } from '../../ports/chat-engine';
import type { TokenCounter } from '../../domain/tokens';
import type { Feedback, PracticeSetup, QuestionFeedback } from '../../domain/records';
import type { IdleWork } from './idle-work';
import type { LoadedInterview } from './loaded-interview.svelte';
import { answeredQuestions, writeFeedback } from './feedback-step';

type AssessmentListener = (questions: QuestionFeedback[]) => void;

export class FeedbackAhead {
  /** Its failure is the failure of the Finish that joins it (pressing Finish again writes it anew). */
  readonly result: Promise<Feedback>;
  #assessments: QuestionFeedback[] = [];
  #listener: AssessmentListener | undefined;

  constructor(idle: IdleWork, interview: LoadedInterview, engine: () => ChatEngine, count: TokenCounter, now: () => number) {
    const threads = answeredQuestions(interview.session.guideline, interview.messages);
    let settle: { resolve: (f: Feedback) => void; reject: (e: unknown) => void } | undefined;
    this.result = new Promise<Feedback>((resolve, reject) => (settle = { resolve, reject }));
    this.result.catch(() => undefined);
    idle.run(async (signal) => {
      try {
        const serving = engine();
        const feedback = await writeFeedback({
          setup: interview.session.setup as PracticeSetup,
          threads,
          engine: serving,
          count,
          now,
          signal,
          onUsage: (usage) => interview.addUsage(usage, serving.info.id),
          onAssessments: (questions) => {
            this.#assessments = questions;
            this.#listener?.(questions);
          },
        });
        settle?.resolve(feedback);
      } catch (error) {
        settle?.reject(error);
      }
    });
  }

  /** Finish joins: what is assessed so far shows now, the rest as it comes. */
  join(listener: AssessmentListener | undefined): Promise<Feedback> {
    this.#listener = listener;
    if (this.#assessments.length > 0) listener?.(this.#assessments);
    return this.result;
  }
}
