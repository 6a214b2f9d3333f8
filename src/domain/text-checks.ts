/**
 * Checks on text that users paste or import, so binary junk or an empty file gets a clear
 * message instead of reaching a prompt.
 */

/** True when the text looks like binary data (NUL bytes, many replacement or control characters). */
export function looksBinary(text: string): boolean {
  if (text.length === 0) return false;
  const sample = text.slice(0, 20_000);
  let suspicious = 0;
  for (const ch of sample) {
    const code = ch.codePointAt(0) ?? 0;
    if (code === 0) return true;
    if (code === 0xfffd || (code < 32 && code !== 9 && code !== 10 && code !== 13)) suspicious++;
  }
  return suspicious / sample.length > 0.05;
}

/** Collapses runs of blank lines and trailing spaces; keeps paragraphs. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function titleFromFileName(name: string): string {
  return (
    name
      .replace(/\.[^.]+$/, '')
      .replace(/[_-]+/g, ' ')
      .trim() || 'Untitled'
  );
}
