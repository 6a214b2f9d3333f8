/**
 * Which links are safe to keep in untrusted markdown, rendered here or exported: only https:
 * and mailto:. (No javascript:, data:, http:, relative or protocol-relative URLs.)
 */
export function isSafeHref(href: string | null | undefined): boolean {
  if (!href) return false;
  const trimmed = href.trim();
  try {
    const url = new URL(trimmed);
    return url.protocol === 'https:' || url.protocol === 'mailto:';
  } catch {
    return false;
  }
}

/** `](target` of an inline link or image: the target up to whitespace or `)`. */
const INLINE_TARGET = /\]\([ \t]*([^\s)]*)/g;
/** `]: target` of a reference definition (the target may be on the next line, then it reads as empty here). */
const DEFINITION_TARGET = /\]:[ \t]*([^\s]*)/g;
/** `<scheme:…>`, an autolink. */
const AUTOLINK = /<([a-z][a-z0-9+.-]{1,31}:[^\s<>]*)>/gi;

/**
 * Makes untrusted Markdown safe to hand to any other renderer (an exported report opened in
 * an editor, a wiki, a static site): a link whose target is not https: or mailto: stops
 * being a link and shows as the text it is (`[x](javascript:…)` → `[x]\(javascript:…)`),
 * the same for reference definitions and autolinks, and images become text too, since
 * opening the file would fetch them. Safe links are left exactly as they are. Escaping with
 * a backslash works whatever precedes the bracket, so no nesting trick brings a link back.
 */
export function neutralizeMarkdownLinks(markdown: string): string {
  return markdown
    .replace(/!\[/g, '!\\[')
    .replace(INLINE_TARGET, (match, target: string) => (isSafeHref(target) ? match : `]\\(${match.slice(2)}`))
    .replace(DEFINITION_TARGET, (match, target: string) => (isSafeHref(target) ? match : `]\\:${match.slice(2)}`))
    .replace(AUTOLINK, (match, target: string) => (isSafeHref(target) ? match : `\\${match}`));
}
