/**
 * A reference to one question of one session: how a question asked again (a retry or a drill)
 * names the question it repeats (`GuidelineQuestion.source`).
 */
export interface QuestionRef {
  sessionId: string;
  questionId: string;
}

/** True when a stored value is a question reference (an imported backup is not trusted blindly). */
export function isQuestionRef(value: unknown): value is QuestionRef {
  const ref = value as Partial<QuestionRef> | undefined;
  return typeof ref?.sessionId === 'string' && typeof ref.questionId === 'string';
}
