/**
 * Q&A CSV import with papaparse: quotes, quoted newlines, a BOM and the delimiter Excel chose
 * (comma or semicolon) are all the parser's job. Each record keeps the 1-based line it starts
 * on, so the report of skipped rows points at lines the user can find in their editor.
 */
import Papa from 'papaparse';
import { AppError } from '../../domain/errors';
import { mapQaRows, type CsvRow, type QaImport } from '../../domain/twin/qa-csv';
import type { DecodedText } from '../../domain/text-encoding';
import { readFileText } from './read-text';

/** 50k answers is far more than anyone writes; past this size the file is probably not a Q&A list. */
export const MAX_CSV_BYTES = 50 * 1024 * 1024;

/**
 * The delimiter the header line uses most (comma, semicolon or tab). Chosen from the header
 * alone because answers are prose full of commas, which confuses whole-file guessing.
 */
export function headerDelimiter(text: string): string {
  const firstLine = text.slice(0, Math.max(0, text.search(/\r?\n/)) || text.length).replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', ';', '\t']) {
    const count = firstLine.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

export function parseCsvRows(text: string): { rows: CsvRow[]; broken: { line: number; reason: string }[] } {
  const rows: CsvRow[] = [];
  const broken: { line: number; reason: string }[] = [];
  // Line counting is incremental: the start of each record is just past the previous cursor.
  let start = 0;
  let counted = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    skipEmptyLines: false,
    delimiter: headerDelimiter(text),
    step(result) {
      for (let i = counted; i < start; i++) if (text.charCodeAt(i) === 10) line++;
      counted = start;
      const quoteError = result.errors.find((e) => e.type === 'Quotes');
      if (quoteError) broken.push({ line, reason: 'a quote is opened but never closed, so the rest of the file could not be read' });
      else rows.push({ line, cells: result.data.map((cell, i) => (i === 0 ? cell.replace(/^\uFEFF/, '') : cell)) });
      const end = result.meta.cursor;
      start = text.startsWith('\r\n', end) ? end + 2 : end + 1;
    },
  });
  return { rows, broken };
}

/** Parses a Q&A CSV's text into pairs and a per-line report of what was skipped. */
export function parseQaCsv(text: string, makeId: (index: number) => string): QaImport {
  const { rows, broken } = parseCsvRows(text);
  const result = mapQaRows(rows, makeId);
  if (broken.length > 0) result.skipped = [...result.skipped, ...broken].sort((a, b) => a.line - b.line);
  return result;
}

export async function readQaCsv(file: File, makeId: (index: number) => string): Promise<QaImport> {
  if (file.size > MAX_CSV_BYTES) {
    throw new AppError(
      'file-unsupported',
      `“${file.name}” is larger than 50 MB. Split it, or keep only your questions and answers, then import it again.`,
    );
  }
  let decoded: DecodedText;
  try {
    // Excel on Windows saves "CSV" as Windows-1252: read as UTF-8 it would lose every ’, é and €.
    decoded = await readFileText(file);
  } catch (cause) {
    throw new AppError('file-unreadable', `Could not read “${file.name}”. Check the file is not open in another program, then try again.`, {
      cause,
    });
  }
  const result = parseQaCsv(decoded.text, makeId);
  if (decoded.encoding !== 'utf-8') result.encoding = decoded.encoding;
  return result;
}
