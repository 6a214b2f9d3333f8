/**
 * The language check, loaded on first use. franc-min builds its trigram tables for about 80
 * languages when it is imported: tens of milliseconds of one main-thread task, which used to
 * run while the app opened the setup screen and the local engine loaded. The checks only run
 * on model output, so each step that checks loads it (once) before it asks the engine.
 */
type LanguageCheck = typeof import('../../domain/language-check');

let loading: Promise<LanguageCheck> | undefined;

export function loadLanguageCheck(): Promise<LanguageCheck> {
  loading ??= import('../../domain/language-check').catch((e: unknown) => {
    // A failed chunk load (offline before the app was cached) is tried again next time.
    loading = undefined;
    throw e;
  });
  return loading;
}
