/**
 * Maps parsed CSV rows to Q&A pairs. Parsing (quotes, BOM, quoted newlines) is the adapter's
 * job; this module finds the question and answer columns by header and decides, row by row,
 * what is kept and what is skipped, so the user sees exactly which lines were left out and why.
 */
import type { QAPair } from '../records';
import type { TextEncoding } from '../text-encoding';
import { AppError } from '../errors';

/** One parsed CSV record with the 1-based line of the file it starts on. */
export interface CsvRow {
  line: number;
  cells: string[];
}

export interface SkippedLine {
  line: number;
  reason: string;
}

export interface QaImport {
  pairs: QAPair[];
  skipped: SkippedLine[];
  /** The header names used, as written in the file. */
  questionHeader: string;
  answerHeader: string;
  /** Set when the file was not UTF-8 and was decoded as this instead (so the screen can say so). */
  encoding?: TextEncoding;
}

// Compared after normalizeHeader(): lower case, no BOM, punctuation and spacing collapsed.
const QUESTION_HEADERS = ['question', 'questions', 'q', 'prompt', 'interview question', 'interview questions', 'question text', 'query'];
const ANSWER_HEADERS = [
  'answer',
  'answers',
  'a',
  'response',
  'responses',
  'reply',
  'my answer',
  'your answer',
  'answer text',
  'sample answer',
];

/** Longer than this and a "question" is almost certainly a mis-mapped column. */
export const MAX_QUESTION_CHARS = 2_000;
export const MAX_ANSWER_CHARS = 20_000;

export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function findColumn(headers: string[], synonyms: string[]): number {
  const normalized = headers.map(normalizeHeader);
  for (const synonym of synonyms) {
    const index = normalized.indexOf(synonym);
    if (index >= 0) return index;
  }
  return -1;
}

/** Finds the columns or throws `invalid-import` naming the headers that were found. */
export function findQaColumns(headerCells: string[]): { question: number; answer: number } {
  const question = findColumn(headerCells, QUESTION_HEADERS);
  const answer = findColumn(headerCells, ANSWER_HEADERS);
  if (question < 0 || answer < 0 || question === answer) {
    const found = headerCells.map((h) => h.replace(/^\uFEFF/, '').trim()).filter((h) => h !== '');
    const foundText = found.length > 0 ? found.map((h) => `“${h}”`).join(', ') : 'no headers at all';
    throw new AppError(
      'invalid-import',
      `This CSV needs a “question” column and an “answer” column in its first line, but it has ${foundText}. Rename the two columns (for example to Question and Answer) and import it again.`,
      { details: { headersFound: found } },
    );
  }
  return { question, answer };
}

/**
 * Turns rows (the first is the header) into Q&A pairs. Rows with an empty question or answer,
 * or too few cells, are skipped and reported by line; blank rows are ignored silently.
 * `makeId(i)` gives the id of the i-th kept pair.
 */
export function mapQaRows(rows: CsvRow[], makeId: (index: number) => string): QaImport {
  const [header, ...body] = rows;
  if (!header) {
    throw new AppError(
      'invalid-import',
      'This CSV is empty. Export your questions and answers with a Question and an Answer column, then import it again.',
    );
  }
  const columns = findQaColumns(header.cells);
  const pairs: QAPair[] = [];
  const skipped: SkippedLine[] = [];
  for (const row of body) {
    if (row.cells.every((c) => c.trim() === '')) continue;
    const question = row.cells[columns.question]?.trim() ?? '';
    const answer = row.cells[columns.answer]?.trim() ?? '';
    const width = Math.max(columns.question, columns.answer) + 1;
    let reason: string | undefined;
    if (row.cells.length < width)
      reason = `has ${row.cells.length} ${row.cells.length === 1 ? 'column' : 'columns'}, needs at least ${width}`;
    else if (question === '') reason = 'the question is empty';
    else if (answer === '') reason = 'the answer is empty';
    else if (question.length > MAX_QUESTION_CHARS) reason = `the question is longer than ${MAX_QUESTION_CHARS} characters`;
    else if (answer.length > MAX_ANSWER_CHARS) reason = `the answer is longer than ${MAX_ANSWER_CHARS} characters`;
    if (reason !== undefined) {
      skipped.push({ line: row.line, reason });
      continue;
    }
    pairs.push({ id: makeId(pairs.length), question, answer });
  }
  return {
    pairs,
    skipped,
    questionHeader: header.cells[columns.question]?.replace(/^\uFEFF/, '').trim() ?? '',
    answerHeader: header.cells[columns.answer]?.replace(/^\uFEFF/, '').trim() ?? '',
  };
}

/** "Skipped lines 4, 9 and 12." style summary, capped so 5,000 bad lines stay readable. */
export function describeSkipped(skipped: SkippedLine[], limit = 10): string {
  if (skipped.length === 0) return '';
  const shown = skipped.slice(0, limit).map((s) => `line ${s.line} (${s.reason})`);
  const more = skipped.length > limit ? ` and ${skipped.length - limit} more` : '';
  return `Skipped ${skipped.length} ${skipped.length === 1 ? 'line' : 'lines'}: ${shown.join('; ')}${more}.`;
}
