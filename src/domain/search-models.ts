/**
 * The on-device search (embedding) models a user can choose on the Models screen. Both are
 * 384-wide sentence-transformers models run with mean pooling, so switching only re-embeds the
 * stored passages (HybridRetriever re-indexes chunks whose model id differs).
 */
export interface SearchModelChoice {
  id: string;
  /** Short name for the choice. */
  label: string;
  /** When to pick it, in the user's terms. */
  description: string;
}

/** The default: small, and trained on English only. */
export const ENGLISH_SEARCH_MODEL = 'Xenova/all-MiniLM-L6-v2';

export const SEARCH_MODELS: readonly SearchModelChoice[] = [
  {
    id: ENGLISH_SEARCH_MODEL,
    label: 'English',
    description: 'Best for job descriptions, resumes and saved answers in English. Small and quick.',
  },
  {
    id: 'Xenova/paraphrase-multilingual-MiniLM-L12-v2',
    label: 'Many languages',
    description:
      'For material in other languages (more than 50, including German, Spanish, French, Chinese and Japanese). A larger download.',
  },
];

/** The choice a stored model id belongs to; undefined for an id set some other way (an import, an older version). */
export function searchModelChoice(id: string): SearchModelChoice | undefined {
  return SEARCH_MODELS.find((m) => m.id === id);
}
