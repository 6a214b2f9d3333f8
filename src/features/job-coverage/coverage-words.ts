/** The coverage screen's words: status labels (text, never colour alone) and the summary line. */
import { COVERED_SCORE, type CoverageMap, type CoverageStatus } from '../../domain/coaching/coverage';
import type { MergeOutcome } from '../../app/coaching/coverage-service';

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

/**
 * What the merge of repeated requirements did, where it was asked and what it cost (its tokens
 * belong to no interview, so this is the one place they are shown).
 */
export function mergeLine(outcome: MergeOutcome): string {
  const checked = `checked ${outcome.host ? `with ${outcome.host}` : 'on this device'}: ${plural(outcome.totalTokens, 'token')}`;
  return outcome.merged === 0
    ? `No requirement repeats another (${checked}).`
    : outcome.merged === 1
      ? `1 requirement repeated another and was merged into it (${checked}).`
      : `${outcome.merged} requirements repeated others and were merged into them (${checked}).`;
}
