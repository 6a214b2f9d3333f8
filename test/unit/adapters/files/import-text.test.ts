// importTextFile with real File objects (Node has them): the plain-text and refusal paths.
// PDF parsing needs pdf.js's worker and runs in the browser tests (practice-setup, reliability).
import { describe, expect, it } from 'vitest';
import { importTextFile } from '../../../../src/adapters/files/import-text';
import { AppError } from '../../../../src/domain/errors';
import { readProjectMarkdown } from '../../../../src/adapters/files/project-markdown';
import { windows1252 } from '../../../fixtures/windows-1252';

const PNG_HEADER = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52];

/** Bytes that look like an image: a PNG header and then noise with NULs and control bytes. */
function imageBytes(size = 4096): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  bytes.set(PNG_HEADER);
  for (let i = PNG_HEADER.length; i < size; i++) bytes[i] = (i * 73 + 11) % 256;
  return bytes;
}

async function refusal(file: File): Promise<AppError> {
  const error = await importTextFile(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('importTextFile', () => {
  it('reads .txt and .md, drops a BOM, tidies blank lines and names the document after the file', async () => {
    const txt = await importTextFile(new File(['\uFEFFAda Lovelace\r\n\r\n\r\n\r\nCompiler engineer.  \n'], 'ada-lovelace_cv.txt'));
    expect(txt.text).toBe('Ada Lovelace\n\nCompiler engineer.');
    expect(txt.title).toMatch(/ada lovelace/i);
    const md = await importTextFile(new File(['# Grace\n\n- COBOL'], 'grace.md'));
    expect(md.text).toBe('# Grace\n\n- COBOL');
  });

  it('reads a Windows-1252 .txt or .md with every letter intact (not as binary), and says how it was read', async () => {
    const resume = 'Zoë Müller — Café “Über” crème brûlée; réussite à 100 %, coût 5 €, l’été, Ça été très après ÀÉÎÕÜ';
    for (const name of ['résumé.txt', 'cv.md']) {
      const result = await importTextFile(new File([windows1252(resume)], name));
      expect(result.text, name).toBe(resume);
      expect(result.encoding, name).toBe('windows-1252');
    }
    const utf8 = await importTextFile(new File([resume], 'cv.txt'));
    expect(utf8).toMatchObject({ text: resume, encoding: 'utf-8' });
  });

  it('reads a Windows-1252 project file (.md) with its letters intact', async () => {
    const draft = await readProjectMarkdown(new File([windows1252('# Café app\n\nL’outil de réservation – 5 €.')], 'café.md'));
    expect(draft.title).toBe('Café app');
    expect(draft.description).toContain('L’outil de réservation – 5 €.');
  });

  it('refuses an image renamed to .txt, saying what to do', async () => {
    const error = await refusal(new File([imageBytes()], 'resume.txt', { type: 'text/plain' }));
    expect(error.code).toBe('file-unreadable');
    expect(error.message).toBe('“resume.txt” does not look like a text file. Choose a .txt, .md, .pdf or .docx file, or paste the text.');
  });

  it('refuses text in another encoding that decodes to replacement characters throughout', async () => {
    // UTF-16 with no BOM: every other byte is NUL when read as UTF-8.
    const utf16 = new Uint8Array([...'Experienced engineer'].flatMap((c) => [c.charCodeAt(0), 0]));
    expect((await refusal(new File([utf16], 'cv.txt'))).code).toBe('file-unreadable');
  });

  it('refuses empty, whitespace-only, oversized, .doc and unknown files with a reason each', async () => {
    expect((await refusal(new File([], 'empty.txt'))).message).toContain('is empty');
    expect((await refusal(new File(['  \n\n\t '], 'blank.md'))).message).toContain('No text was found in “blank.md”');
    const big = new File([new Uint8Array(25 * 1024 * 1024 + 1)], 'huge.txt');
    expect((await refusal(big)).message).toContain('larger than 25 MB');
    const doc = await refusal(new File(['x'], 'old.doc'));
    expect(doc.code).toBe('file-unsupported');
    expect(doc.message).toContain('Save it as .docx or PDF');
    const other = await refusal(new File(['x'], 'photo.jpg'));
    expect(other.code).toBe('file-unsupported');
    expect(other.message).toContain('not “photo.jpg”');
  });

  it('refuses a .docx that is not a zip before loading the Word parser', async () => {
    const error = await refusal(new File(['this is not a zip archive'], 'cv.docx'));
    expect(error.message).toContain('“cv.docx” is not a valid Word document');
  });
});
