/**
 * Words for the Inspect panel: each saved answer and project that went to the model gets its
 * place ("1st") and why it is there. Retriever scores are not shown: fused (RRF) scores are
 * tiny rank numbers and BM25 scores depend on the collection, and an item added only to reach
 * the minimum has 0, so a "score" column read as a row of zeros. A similarity is shown only
 * when it is a real one (the 0..1 cosine of two questions, the saved-answer check's measure).
 */
import type { InspectEntry } from '../../app/twin/twin-inspect';
import type { Project, QAPair } from '../../domain/records';

/** 1 → "1st", 2 → "2nd", 11 → "11th", 22 → "22nd". */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/** A 0..1 similarity, two decimals ("0.82"). */
export function formatSimilarity(value: number): string {
  return value.toFixed(2);
}

/** True when a similarity would show as something other than 0.00. */
export function isShownSimilarity(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value >= 0.005;
}

export type SimilarityMethod = 'embeddings' | 'words';

export function methodLabel(method: SimilarityMethod | undefined): string {
  return method === 'words' ? 'by shared words' : 'by meaning';
}

/** Why a saved answer is one of the examples. */
export function exampleNote(entry: InspectEntry<QAPair>, method: SimilarityMethod | undefined): string {
  const note = exampleReason(entry, method);
  return entry.earlier ? `${note} · ${EARLIER}` : note;
}

/** Said of an example or project the engine already has from an earlier question (it is not sent twice). */
export const EARLIER = 'already given with an earlier question';

function exampleReason(entry: InspectEntry<QAPair>, method: SimilarityMethod | undefined): string {
  if (!entry.found) return 'no close match: added as an example of your voice';
  if (isShownSimilarity(entry.similarity)) return `match ${formatSimilarity(entry.similarity)} ${methodLabel(method)}`;
  return 'found by the search for this question';
}

/** Why a project is included. */
export function projectNote(entry: InspectEntry<Project>): string {
  const note = projectReason(entry);
  return entry.earlier ? `${note} · ${EARLIER}` : note;
}

function projectReason(entry: InspectEntry<Project>): string {
  const tags = entry.tags ?? [];
  const named =
    tags.length === 0 ? '' : `${tags.length === 1 ? 'tag' : 'tags'} ${tags.map((t) => `“${t}”`).join(', ')} named in the question`;
  if (entry.found) return named === '' ? 'found by the search for this question' : `found by the search · ${named}`;
  return named === '' ? 'no close match: added so the twin knows some of your projects' : named;
}
