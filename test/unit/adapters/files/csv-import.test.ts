import { describe, expect, it } from 'vitest';
import { parseCsvRows, parseQaCsv, readQaCsv } from '../../../../src/adapters/files/csv-import';
import { windows1252 } from '../../../fixtures/windows-1252';
import { AppError } from '../../../../src/domain/errors';

const id = (i: number) => `qa-${i}`;

describe('parseQaCsv', () => {
  it('handles a BOM, quotes, escaped quotes, quoted newlines and extra columns', () => {
    const csv = '\uFEFFQuestion,Answer,Notes\r\n"Why ""us""?","Because, first,\r\nI like it.",x\r\nNext?,Yes,\r\n';
    const result = parseQaCsv(csv, id);
    expect(result.pairs).toEqual([
      { id: 'qa-0', question: 'Why "us"?', answer: 'Because, first,\r\nI like it.' },
      { id: 'qa-1', question: 'Next?', answer: 'Yes' },
    ]);
    expect(result.skipped).toEqual([]);
  });

  it('reports ragged and empty rows by the line they start on, counting quoted newlines', () => {
    const csv = ['q,a', '"multi', 'line question?",answer one', 'lonely', '', 'Empty answer?,', 'Good?,Yes'].join('\n');
    const result = parseQaCsv(csv, id);
    expect(result.pairs.map((p) => p.question)).toEqual(['multi\nline question?', 'Good?']);
    expect(result.skipped).toEqual([
      { line: 4, reason: 'has 1 column, needs at least 2' },
      { line: 6, reason: 'the answer is empty' },
    ]);
  });

  it('reads semicolon-separated files (Excel in many locales)', () => {
    expect(parseQaCsv('Question;Answer\nWhy?;Because\n', id).pairs).toHaveLength(1);
  });

  it('reports an unclosed quote and keeps what came before', () => {
    const result = parseQaCsv('Question,Answer\nA?,B\nC?,"never closed\nD?,E\n', id);
    expect(result.pairs).toHaveLength(1);
    expect(result.skipped[0]).toMatchObject({ line: 3 });
    expect(result.skipped[0]?.reason).toMatch(/never closed/);
  });

  it('refuses wrong headers listing what it found', () => {
    expect(() => parseQaCsv('Title,Body\nx,y\n', id)).toThrow(/“Title”, “Body”/);
  });

  it('imports 10,000 rows with correct line numbers', () => {
    const lines = ['Question,Answer'];
    for (let i = 0; i < 10_000; i++) lines.push(i === 7_777 ? `Broken ${i}?,` : `"Question ${i}?","Answer ${i}, with a comma"`);
    const result = parseQaCsv(lines.join('\n'), id);
    expect(result.pairs).toHaveLength(9_999);
    expect(result.pairs[9_998]).toEqual({ id: 'qa-9998', question: 'Question 9999?', answer: 'Answer 9999, with a comma' });
    expect(result.skipped).toEqual([{ line: 7_779, reason: 'the answer is empty' }]);
  });

  it('imports 50,000 rows with emoji, RTL and CJK text, reporting the one bad row by its line', () => {
    const lines = ['\uFEFFQuestion,Answer'];
    for (let i = 0; i < 50_000; i++) {
      lines.push(i === 42_424 ? `"Broken ${i}?",` : `"Question ${i}? 🚀","Answer ${i}: مرحبا, 你好\n(second line)"`);
    }
    const result = parseQaCsv(lines.join('\r\n'), id);
    expect(result.pairs).toHaveLength(49_999);
    expect(result.pairs[0]).toEqual({ id: 'qa-0', question: 'Question 0? 🚀', answer: 'Answer 0: مرحبا, 你好\n(second line)' });
    expect(result.pairs[49_998]?.question).toBe('Question 49999? 🚀');
    // Each earlier row spans two lines (a quoted newline), so row 42,424 starts on line 2 + 2 × 42,424.
    expect(result.skipped).toEqual([{ line: 2 + 2 * 42_424, reason: 'the answer is empty' }]);
  });

  it('strips a BOM only from the first cell', () => {
    expect(parseCsvRows('\uFEFFa,b\n').rows[0]?.cells).toEqual(['a', 'b']);
  });
});

describe('readQaCsv', () => {
  it('reads a Windows-1252 CSV (Excel on Windows) without losing ’, é or €, and says how it was read', async () => {
    const csv = 'Question,Answer\r\nWhat’s your café budget?,“About 5 €” – Zoë\r\n';
    const file = new File([windows1252(csv)], 'qa.csv', { type: 'text/csv' });
    const result = await readQaCsv(file, id);
    expect(result.pairs).toEqual([{ id: 'qa-0', question: 'What’s your café budget?', answer: '“About 5 €” – Zoë' }]);
    expect(JSON.stringify(result.pairs)).not.toContain('\uFFFD');
    expect(result.encoding).toBe('windows-1252');
  });

  it('reads UTF-8 (with or without a mark) and UTF-16 with a mark as they are', async () => {
    const csv = 'Question,Answer\nWhy 日本?,Parce que — “yes” 😀\n';
    // Code units written little-endian (the byte order of every machine these tests run on).
    const units = Uint16Array.from({ length: csv.length }, (_, k) => csv.charCodeAt(k));
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(units.buffer)]);
    for (const [label, bytes] of [
      ['utf-8', new TextEncoder().encode(csv)],
      ['utf-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(csv)])],
      ['utf-16le', utf16],
    ] as const) {
      const result = await readQaCsv(new File([bytes], 'qa.csv'), id);
      expect(result.pairs[0], label).toMatchObject({ question: 'Why 日本?', answer: 'Parce que — “yes” 😀' });
      expect(result.encoding, label).toBe(label === 'utf-16le' ? 'utf-16le' : undefined);
    }
  });

  it('reads a File', async () => {
    const file = new File(['Question,Answer\nWhy?,Because\n'], 'qa.csv', { type: 'text/csv' });
    expect((await readQaCsv(file, id)).pairs).toEqual([{ id: 'qa-0', question: 'Why?', answer: 'Because' }]);
  });

  it('turns an unreadable file into file-unreadable', async () => {
    const gone = () => Promise.reject(new Error('gone'));
    const file = { name: 'qa.csv', size: 10, text: gone, arrayBuffer: gone } as unknown as File;
    await expect(readQaCsv(file, id)).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'file-unreadable');
  });
});
