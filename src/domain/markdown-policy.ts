/**
 * Which links are safe to keep in rendered untrusted markdown: only https: and mailto:.
 * (No javascript:, data:, http:, relative or protocol-relative URLs.)
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
