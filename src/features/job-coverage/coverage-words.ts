/** The coverage screen's words: status labels (text, never colour alone) and the summary line. */
import { COVERED_SCORE, type CoverageMap, type CoverageStatus } from '../../domain/coaching/coverage';

export const STATUS_LABEL: Record<CoverageStatus, string> = {
  covered: 'Covered',
  partly: 'Partly covered',
  'not-asked': 'Not asked yet',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "3 of 8 requirements covered, 2 partly, 3 not asked yet, over 2 interviews." */
export function coverageSummary(map: CoverageMap): string {
  const total = map.items.length;
  const over = map.interviews === 0 ? 'No finished interview yet' : `Over ${plural(map.interviews, 'finished interview')}`;
  return `${over}: ${map.covered} of ${plural(total, 'requirement')} covered, ${map.partly} partly, ${map.notAsked} not asked yet.`;
}

/** What "Practise the gaps" will do, or undefined when every requirement is covered. */
export function gapsLine(map: CoverageMap, targeted: number): string | undefined {
  const gaps = map.partly + map.notAsked;
  if (gaps === 0) return undefined;
  const which = targeted < gaps ? `the first ${plural(targeted, 'requirement')} of the ${gaps}` : `the ${plural(gaps, 'requirement')}`;
  return `A new interview whose questions target ${which} not covered yet. You can change the setup before it starts.`;
}

/** Why a requirement asked about is only partly covered. */
export function partlyLine(score: number): string {
  return score < COVERED_SCORE
    ? `Asked; the answer scored ${score} of 10.`
    : `Asked; the answer scored ${score} of 10, but none of its words could be quoted as addressing it.`;
}
