/**
 * Splits a reply that is still streaming into markdown blocks (paragraphs, lists, fenced code),
 * so the screen renders each finished block once and re-renders only the last one per frame.
 * Rendering the whole growing reply every frame costs time proportional to its length (markdown,
 * sanitizing, replacing and laying out every node): long replies then block the main thread.
 *
 * A split is made only at blank lines outside a code fence, and never before a line that could
 * continue the block above (a list item or an indented line), so every block renders on its own
 * as it would inside the whole reply. Blocks before the last do not change as more text arrives.
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const BLANK = /^\s*$/;
/** A line that may belong to the block above across a blank line (or may still become one). */
const CONTINUES = /^(?:\s|[-*+](?:\s|$)|\d{1,9}(?:[.)](?:\s|$)|$))/;

export function streamingBlocks(text: string): string[] {
  const lines = text.split('\n');
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | undefined;
  let blankRun = 0;
  for (const line of lines) {
    if (fence === undefined && BLANK.test(line)) {
      blankRun++;
      current.push(line);
      continue;
    }
    if (fence === undefined && blankRun > 0 && current.length > blankRun && !CONTINUES.test(line)) {
      blocks.push(current.slice(0, current.length - blankRun).join('\n'));
      current = [];
    }
    blankRun = 0;
    const marker = FENCE.exec(line)?.[1];
    if (marker && fence === undefined) fence = marker;
    else if (marker && fence !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker)
      fence = undefined;
    current.push(line);
  }
  blocks.push(current.join('\n'));
  return blocks;
}
