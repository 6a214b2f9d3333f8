/** What a repair request tells the model about text in the wrong language. */
import type { LanguageMismatch } from '../../domain/language-check';
import { languageName } from '../prompts';

export function wrongLanguageProblem(wrong: LanguageMismatch, what: string): string {
  const found = wrong.detected ? `, not in ${languageName(wrong.detected)}` : '';
  return `${what} must be written in ${languageName(wrong.expected)}${found}.`;
}
