/**
 * Decides whether the "job description" is a few keywords ("PostgreSQL, Python, team lead")
 * rather than a description. Keywords hold no requirement sentences to quote, so the guideline
 * prompt asks for questions about each term instead (prompts/guideline-keywords.md). Pure and
 * deliberately strict: anything that reads like prose gets the ordinary prompt.
 */

/** Longer text than this is a description, whatever its punctuation. */
const MAX_CHARS = 400;
/** A keyword or short phrase ("distributed systems", "on-call rotation"), not a clause. */
const MAX_WORDS_PER_TERM = 4;
const MAX_TERMS = 30;

/** The terms of a keyword list: split on commas, semicolons, line breaks, bullets and slashes between spaces. */
export function keywordTerms(text: string): string[] {
  return text
    .split(/[,;\n\r|]+|\s[•·/]\s|^\s*[-*•·]\s+/m)
    .map((term) => term.replace(/^\s*[-*•·]\s+/, '').trim())
    .filter((term) => term.length > 0);
}

/** A full stop, question or exclamation mark that ends a sentence (not the dot in "Node.js"). */
const SENTENCE_END = /[.!?](\s|$)/;

export function isKeywordsOnly(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_CHARS) return false;
  const terms = keywordTerms(trimmed);
  if (terms.length === 0 || terms.length > MAX_TERMS) return false;
  return terms.every((term) => term.split(/\s+/).length <= MAX_WORDS_PER_TERM && !SENTENCE_END.test(term) && !term.includes(':'));
}
