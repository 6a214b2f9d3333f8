/**
 * Embedding model facts shared by the main thread and the worker. Kept apart from the
 * handlers so that importing them never pulls transformers.js into the main bundle.
 */
export const DEFAULT_EMBEDDING_MODEL = 'Xenova/all-MiniLM-L6-v2';
export const DEFAULT_EMBEDDING_DTYPE = 'q8';

/** Widths of models we know, so `dims` is right before the first call; others are learned from output. */
export const KNOWN_EMBEDDING_DIMS: Record<string, number> = {
  'Xenova/all-MiniLM-L6-v2': 384,
  'Xenova/bge-small-en-v1.5': 384,
  'Xenova/paraphrase-multilingual-MiniLM-L12-v2': 384,
  'Xenova/multilingual-e5-small': 384,
};
