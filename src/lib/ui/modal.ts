/**
 * `<dialog use:modal={open} onclose={() => (open = false)}>`: opens a native dialog with
 * showModal() (the browser traps focus, Esc closes, focus returns) while `open` is true and
 * closes it when `open` turns false. One rule for every dialog of the app.
 */
export function modal(dialog: HTMLDialogElement, open: boolean) {
  const apply = (value: boolean) => {
    if (value && !dialog.open) dialog.showModal();
    if (!value && dialog.open) dialog.close();
  };
  apply(open);
  return { update: apply };
}
