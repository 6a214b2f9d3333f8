/**
 * Resume / job description import: .pdf (pdf.js, parsing in its own worker), .docx (mammoth),
 * .txt and .md. Each failure is an AppError that says what to do; nothing else changes.
 * pdf.js and mammoth are loaded on demand so they never weigh on the first page.
 */
import { AppError } from '../../domain/errors';
import { looksBinary, tidyText, titleFromFileName } from '../../domain/text-checks';
import type { TextEncoding } from '../../domain/text-encoding';
import { readFileText } from './read-text';

export const ACCEPTED_TEXT_FILES =
  '.pdf,.docx,.txt,.md,.markdown,text/plain,text/markdown,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const MAX_BYTES = 25 * 1024 * 1024;

export interface ImportedText {
  text: string;
  title: string;
  /** How a plain-text file was decoded (absent for PDF and Word, which carry their own). */
  encoding?: TextEncoding;
}

export async function importTextFile(file: File): Promise<ImportedText> {
  const ext = /\.([^.]+)$/.exec(file.name.toLowerCase())?.[1] ?? '';
  if (file.size > MAX_BYTES) {
    throw new AppError(
      'file-unreadable',
      `“${file.name}” is larger than 25 MB. Export a smaller text or PDF version, or paste the text instead.`,
    );
  }
  if (file.size === 0) throw new AppError('file-unreadable', `“${file.name}” is empty. Choose another file, or paste the text instead.`);
  let text: string;
  let encoding: TextEncoding | undefined;
  if (ext === 'pdf') text = await readPdf(file);
  else if (ext === 'docx') text = await readDocx(file);
  else if (ext === 'txt' || ext === 'md' || ext === 'markdown' || ext === 'text') ({ text, encoding } = await readPlain(file));
  else if (ext === 'doc') {
    throw new AppError(
      'file-unsupported',
      `“${file.name}” is an old Word (.doc) file. Save it as .docx or PDF in Word, or paste the text instead.`,
    );
  } else {
    throw new AppError(
      'file-unsupported',
      `Rehearse can read .pdf, .docx, .txt and .md files, not “${file.name}”. Paste the text instead, or export it in one of those formats.`,
    );
  }
  const tidy = tidyText(text);
  if (!tidy) throw new AppError('file-unreadable', `No text was found in “${file.name}”. Paste the text instead.`);
  return { text: tidy, title: titleFromFileName(file.name), ...(encoding ? { encoding } : {}) };
}

async function readPlain(file: File): Promise<{ text: string; encoding: TextEncoding }> {
  // Decoded first (UTF-8, or Windows-1252 when it is not), then judged: a Windows file full
  // of accents must not look like binary noise because its letters were not UTF-8.
  const { text, encoding } = await readFileText(file);
  if (looksBinary(text)) {
    throw new AppError(
      'file-unreadable',
      `“${file.name}” does not look like a text file. Choose a .txt, .md, .pdf or .docx file, or paste the text.`,
    );
  }
  return { text: text.replace(/^\uFEFF/, ''), encoding };
}

async function readDocx(file: File): Promise<string> {
  const bytes = await file.arrayBuffer();
  // A .docx is a zip ("PK"); anything else would only produce a confusing parser error.
  const head = new Uint8Array(bytes, 0, Math.min(2, bytes.byteLength));
  if (head[0] !== 0x50 || head[1] !== 0x4b) {
    throw new AppError(
      'file-unreadable',
      `“${file.name}” is not a valid Word document. Open it in Word and save it again as .docx, or paste the text.`,
    );
  }
  try {
    const mammoth = await import('mammoth');
    const result = await mammoth.extractRawText({ arrayBuffer: bytes });
    return result.value;
  } catch (cause) {
    throw new AppError(
      'file-unreadable',
      `“${file.name}” could not be read as a Word document. Save it again as .docx or PDF, or paste the text.`,
      { cause },
    );
  }
}

async function readPdf(file: File): Promise<string> {
  const data = new Uint8Array(await file.arrayBuffer());
  const { getDocument } = await loadPdfJs();
  let pdf;
  try {
    pdf = await getDocument({ data, isEvalSupported: false, useSystemFonts: false }).promise;
  } catch (cause) {
    const name = (cause as { name?: string }).name;
    if (name === 'PasswordException') {
      throw new AppError(
        'pdf-encrypted',
        `“${file.name}” is protected with a password. Save an unprotected copy (or print it to PDF) and import that, or paste the text.`,
        { cause },
      );
    }
    throw new AppError('file-unreadable', `“${file.name}” is damaged or is not a PDF. Export it again as PDF, or paste the text.`, {
      cause,
    });
  }
  try {
    const pages: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      let line = '';
      const lines: string[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        line += item.str;
        if (item.hasEOL) {
          lines.push(line);
          line = '';
        } else if (item.str && !item.str.endsWith(' ')) {
          line += ' ';
        }
      }
      if (line.trim()) lines.push(line);
      pages.push(lines.map((l) => l.replace(/\s+/g, ' ').trim()).join('\n'));
    }
    const text = pages.join('\n\n');
    if (!text.replace(/\s/g, '')) {
      throw new AppError(
        'pdf-no-text',
        `“${file.name}” has no text layer — it is probably a scanned image. Export it from the original document, or copy the text and paste it here.`,
      );
    }
    return text;
  } finally {
    void pdf.destroy();
  }
}

let pdfjs: Promise<typeof import('pdfjs-dist')> | undefined;
function loadPdfJs(): Promise<typeof import('pdfjs-dist')> {
  pdfjs ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(([lib, worker]) => {
    // Parsing runs in pdf.js's own worker, served from our origin.
    lib.GlobalWorkerOptions.workerPort = new Worker(worker.default, { type: 'module' });
    return lib;
  });
  return pdfjs;
}
