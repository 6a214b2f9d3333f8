/**
 * Follows new content at the bottom of a scrolling element unless the user has scrolled up
 * to read; scrolling back to the bottom resumes following.
 */
export function autoScroll(node: HTMLElement, _dependency?: unknown) {
  let follow = true;
  const atBottom = () => node.scrollHeight - node.scrollTop - node.clientHeight < 48;
  const onScroll = () => {
    follow = atBottom();
  };
  const target = node === document.documentElement ? window : node;
  target.addEventListener('scroll', onScroll, { passive: true });
  const observer = new MutationObserver(() => {
    if (follow) node.scrollTop = node.scrollHeight;
  });
  observer.observe(node, { childList: true, subtree: true, characterData: true });
  return {
    destroy() {
      target.removeEventListener('scroll', onScroll);
      observer.disconnect();
    },
  };
}
