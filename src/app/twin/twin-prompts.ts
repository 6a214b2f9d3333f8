/**
 * The twin's prompts (`prompts/twin-*.md`): the default instructions, the per-question message
 * and the suggestion request. Wording lives in the Markdown files; variables are filled with
 * the strict renderer, except `{{name}}` in the instructions, which users edit (lenient).
 */
import { renderPrompt } from '../../domain/prompt-template';
import defaultSystemPrompt from '../../../prompts/twin-system.md?raw';
import questionPrompt from '../../../prompts/twin-question.md?raw';
import suggestPrompt from '../../../prompts/twin-suggest.md?raw';

export const DEFAULT_TWIN_PROMPT = defaultSystemPrompt.trim();

/**
 * The newest user message as the engine sees it: this question's notes (examples, projects),
 * then the question. Without notes it is the question alone.
 */
export function renderQuestionMessage(name: string, notes: string, question: string): string {
  if (notes === '') return question;
  return renderPrompt(questionPrompt.trim(), { name: name.trim() || 'the candidate', notes, question });
}

export function renderSuggestPrompt(resume: string, count: number): string {
  return renderPrompt(suggestPrompt, { resume, count });
}
