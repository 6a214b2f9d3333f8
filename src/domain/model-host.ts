/**
 * The model host (Settings → Advanced): where the search and speech models are downloaded
 * from. One check for every way an address gets in (the Settings field and an imported
 * backup), so a backup can never set an address the form would refuse.
 */
import { isLoopbackHost } from './remote-presets';

export type ModelHostCheck = { ok: true; modelHost: string | undefined } | { ok: false; message: string };

export const MODEL_HOST_RULE = 'Enter an https:// address (http:// only for localhost).';

/**
 * Empty means "the Hugging Face hub" (`modelHost: undefined`). Otherwise https, or plain http
 * only on this computer: model files fetched over http from another machine could be swapped
 * on the way.
 */
export function validateModelHost(raw: string): ModelHostCheck {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: true, modelHost: undefined };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, message: MODEL_HOST_RULE };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, message: MODEL_HOST_RULE };
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  if (!secure) return { ok: false, message: MODEL_HOST_RULE };
  return { ok: true, modelHost: trimmed.replace(/\/+$/, '') };
}
