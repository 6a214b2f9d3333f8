/** Reading the twin's files (the container provides the adapters: CSV, Markdown projects, resumes). */
import type { QaImport } from '../domain/twin/qa-csv';
import type { ProjectDraft } from '../domain/twin/projects';

/** File readers the container provides (adapters live behind it). */
export interface TwinFileReaders {
  readQaCsv(file: File, makeId: (index: number) => string): Promise<QaImport>;
  readProjectMarkdown(file: File): Promise<ProjectDraft>;
  /** Resume import: pdf, docx, txt, md. */
  readText(file: File): Promise<{ text: string; title: string }>;
}
