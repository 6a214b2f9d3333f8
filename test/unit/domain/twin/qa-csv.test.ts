import { describe, expect, it } from 'vitest';
import { describeSkipped, findQaColumns, mapQaRows, normalizeHeader } from '../../../../src/domain/twin/qa-csv';
import { AppError } from '../../../../src/domain/errors';

const id = (i: number) => `qa-${i}`;
const rows = (...lines: string[][]) => lines.map((cells, i) => ({ line: i + 1, cells }));

describe('findQaColumns', () => {
  it('finds columns whatever their case, spacing or synonym', () => {
    expect(findQaColumns(['\uFEFF Interview  Question ', 'Notes', 'MY_ANSWER'])).toEqual({ question: 0, answer: 2 });
    expect(findQaColumns(['id', 'Prompt', 'Response'])).toEqual({ question: 1, answer: 2 });
  });

  it('refuses wrong headers and lists the headers it found', () => {
    try {
      findQaColumns(['Title', 'Body', '']);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('invalid-import');
      expect((error as AppError).message).toContain('“Title”, “Body”');
      expect((error as AppError).details).toEqual({ headersFound: ['Title', 'Body'] });
    }
  });

  it('normalizes headers', () => {
    expect(normalizeHeader('\uFEFFQuestion-Text')).toBe('question text');
  });
});

describe('mapQaRows', () => {
  it('keeps good rows, reports bad rows by line and ignores blank ones', () => {
    const result = mapQaRows(
      rows(['Question', 'Answer', 'Extra'], ['Why us?', 'Because.', 'x'], ['', 'orphan answer'], [''], ['No answer?', '  '], ['Short row']),
      id,
    );
    expect(result.pairs).toEqual([{ id: 'qa-0', question: 'Why us?', answer: 'Because.' }]);
    expect(result.skipped).toEqual([
      { line: 3, reason: 'the question is empty' },
      { line: 5, reason: 'the answer is empty' },
      { line: 6, reason: 'has 1 column, needs at least 2' },
    ]);
    expect(result.questionHeader).toBe('Question');
  });

  it('refuses an empty file', () => {
    expect(() => mapQaRows([], id)).toThrow(/empty/);
  });

  it('summarizes many skipped lines briefly', () => {
    const skipped = Array.from({ length: 25 }, (_, i) => ({ line: i + 2, reason: 'the answer is empty' }));
    const text = describeSkipped(skipped, 3);
    expect(text).toMatch(/^Skipped 25 lines: line 2 \(the answer is empty\); line 3/);
    expect(text).toContain('and 22 more');
    expect(describeSkipped([])).toBe('');
  });
});
