/**
 * Suggested questions shown as chips: questions from the candidate's own CSV that were not
 * asked yet (they are answered instantly from saved answers), then a few the model proposed
 * from the resume (asked once per profile and cached).
 */
import type { QAPair } from '../records';
import { normalizeQuestion } from './lexical';

export const CSV_SUGGESTIONS = 4;
export const MODEL_SUGGESTIONS = 3;
const MAX_SUGGESTION_CHARS = 200;

export interface Suggestion {
  text: string;
  source: 'saved' | 'model';
}

export function buildSuggestions(qa: QAPair[], asked: string[], modelQuestions: string[] = []): Suggestion[] {
  const seen = new Set(asked.map(normalizeQuestion));
  const out: Suggestion[] = [];
  const add = (text: string, source: Suggestion['source'], limit: number, count: { n: number }) => {
    const key = normalizeQuestion(text);
    if (key === '' || seen.has(key) || count.n >= limit) return;
    seen.add(key);
    count.n++;
    out.push({ text: text.trim(), source });
  };
  const fromCsv = { n: 0 };
  for (const pair of qa) add(pair.question, 'saved', CSV_SUGGESTIONS, fromCsv);
  const fromModel = { n: 0 };
  for (const question of modelQuestions) add(question, 'model', MODEL_SUGGESTIONS, fromModel);
  return out;
}

/**
 * Reads the model's proposals. The prompt asks for one question per line; small models add
 * numbering, bullets, quotes or a JSON array anyway, so all of those are accepted.
 */
export function parseSuggestedQuestions(reply: string, limit = 5): string[] {
  const trimmed = reply.trim();
  let lines: string[] | undefined;
  const json = trimmed.match(/\[[\s\S]*\]/);
  if (json) {
    try {
      const parsed: unknown = JSON.parse(json[0]);
      if (Array.isArray(parsed)) lines = parsed.filter((x): x is string => typeof x === 'string');
    } catch {
      // not JSON after all; read it as lines
    }
  }
  lines ??= trimmed.split(/\r?\n/);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of lines) {
    const text = raw
      .trim()
      .replace(/^(?:[-*•]|\d+[.)])\s*/, '')
      .replace(/^["“'](.*)["”']$/, '$1')
      .trim();
    // Only real questions: headings and chatter ("Here are some questions:") are dropped.
    if (!text.endsWith('?') || text.length > MAX_SUGGESTION_CHARS) continue;
    const key = normalizeQuestion(text);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(text);
    if (out.length >= limit) break;
  }
  return out;
}
