/**
 * Writing the feedback: the answered questions' transcript, fitted to the window, goes to the
 * model as one JSON request (with its schema and one repair), then is validated against what
 * the candidate actually said.
 */
import type { ChatEngine } from '../../ports/chat-engine';
import type { TokenUsage } from '../../domain/chat';
import { AppError } from '../../domain/errors';
import type { Feedback, Guideline, MessageRecord, PracticeSetup, QuestionFeedback } from '../../domain/records';
import type { TokenCounter } from '../../domain/tokens';
import { completedAssessments, parseFeedback } from '../../domain/feedback';
import { feedbackJsonSchema } from '../../domain/json-schemas';
import { answeredThreads, feedbackTranscript, questionThreads } from '../../domain/interview/transcript';
import { loadLanguageCheck } from './language-check-loader';
import { FEEDBACK_SHAPE, FEEDBACK_SHAPE_WITH_STAR, renderFeedbackPrompt } from '../prompts';
import { requestJson } from '../chat/json-request';
import { wrongLanguageProblem } from './language-problem';
import { LIMITS } from './limits';

/** The questions that have an answer: feedback needs at least one. */
export function answeredQuestions(guideline: Guideline | undefined, messages: readonly MessageRecord[]) {
  if (!guideline) throw new AppError('invalid-input', 'This session has no questions yet.');
  const threads = answeredThreads(questionThreads(guideline, [...messages]));
  if (threads.length === 0) throw new AppError('invalid-input', 'Answer at least one question before asking for feedback.');
  return threads;
}

export async function writeFeedback(request: {
  setup: PracticeSetup;
  threads: ReturnType<typeof answeredQuestions>;
  engine: ChatEngine;
  count: TokenCounter;
  now: () => number;
  signal: AbortSignal;
  onUsage: (usage: TokenUsage) => Promise<void>;
  /** The per-question assessments complete so far, while the feedback is written (each call: all of them). */
  onAssessments?: (questions: QuestionFeedback[]) => void;
}): Promise<Feedback> {
  const { setup, threads, engine, count } = request;
  const { languageMismatch } = await loadLanguageCheck();
  const transcriptBudget = Math.max(500, engine.contextWindow - LIMITS.jsonReserve - 900);
  const transcript = feedbackTranscript(threads, count, transcriptBudget);
  let shown = 0;
  const onText = request.onAssessments
    ? (soFar: string) => {
        const done = completedAssessments(soFar, threads);
        if (done.length > shown) {
          shown = done.length;
          request.onAssessments?.(done);
        }
      }
    : undefined;
  return requestJson({
    engine,
    ...(onText ? { onText } : {}),
    prompt: renderFeedbackPrompt({
      type: setup.type,
      language: setup.language,
      transcript,
      questionCount: threads.length,
      seniority: setup.seniority,
    }),
    shape: setup.type === 'behavioral' ? FEEDBACK_SHAPE_WITH_STAR : FEEDBACK_SHAPE,
    schema: feedbackJsonSchema({ star: setup.type === 'behavioral' }),
    signal: request.signal,
    count,
    maxTokens: LIMITS.jsonReserve,
    onUsage: request.onUsage,
    validate: (value) => {
      const result = parseFeedback(value, threads, { engineId: engine.info.id, createdAt: request.now() });
      return result.ok ? { ok: true, value: result.feedback } : result;
    },
    failure:
      'The model could not produce a valid evaluation, even after a second try. Your answers are saved: try again, or choose a larger model or a remote engine in Settings.',
    // Feedback in another language is still feedback: asked for once more, but never refused.
    prefer: (feedback) => {
      const wrong = languageMismatch(feedbackProse(feedback), setup.language);
      return wrong ? wrongLanguageProblem(wrong, 'The feedback') : undefined;
    },
  });
}

/** The feedback's own prose: not the evidence (the candidate's words) nor the questions and requirements (ours). */
function feedbackProse(feedback: Feedback): string {
  const perQuestion = feedback.questions.flatMap((q) => [...q.strengths, ...q.improvements, q.sampleAnswer]);
  return [feedback.summary, ...feedback.strengths, ...feedback.improvements, ...perQuestion].join('\n');
}
