/** What a search asks for and what it finds: vocabulary of the retrieval port and of the pure retrievers. */
/** A retrieved passage, whatever ranked it (BM25 alone, or hybrid). */
export interface RetrievedChunk {
  id: string;
  documentId: string;
  text: string;
  score: number;
  tags?: string[];
}

export interface RetrievalQuery {
  query: string;
  k: number;
  /** Words that, when present in a chunk's tags, boost it. */
  boostTags?: string[];
}
