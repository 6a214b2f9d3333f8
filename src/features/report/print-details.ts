/**
 * Printing a report (or saving it as PDF) must include what sits in closed `<details>` (the
 * sample answers): browsers print a closed one as its summary only. Before printing, every
 * closed one under `root` is opened; after, exactly those are closed again, so the screen
 * looks as the user left it.
 */
export function openDetailsWhilePrinting(root: ParentNode, target: Pick<Window, 'addEventListener' | 'removeEventListener'>): () => void {
  let opened: HTMLDetailsElement[] = [];
  const before = () => {
    opened = [...root.querySelectorAll<HTMLDetailsElement>('details:not([open])')];
    for (const details of opened) details.open = true;
  };
  const after = () => {
    for (const details of opened) details.open = false;
    opened = [];
  };
  target.addEventListener('beforeprint', before);
  target.addEventListener('afterprint', after);
  return () => {
    target.removeEventListener('beforeprint', before);
    target.removeEventListener('afterprint', after);
  };
}
