/**
 * Which speech voices the Settings picker lists. Some systems offer thousands (Linux
 * speech-dispatcher with espeak-ng lists every language × variant: ~13,000 in Chromium), which
 * makes a <select> unusable; then only the voices in the user's own languages are shown,
 * plus the one already chosen.
 */
import type { Voice } from './speech-types';

/** Above this many voices the list is narrowed to the user's languages. */
export const VOICE_PICKER_LIMIT = 150;

export interface VoiceChoice {
  voices: Voice[];
  /** How many the system offers in all (more than `voices.length` when narrowed). */
  total: number;
  narrowed: boolean;
}

const primary = (lang: string) => lang.toLowerCase().split(/[-_]/)[0] ?? '';

/** `languages` are BCP 47 tags in preference order (navigator.languages, the interview language). */
export function voicesForPicker(all: readonly Voice[], languages: readonly string[], selectedId?: string): VoiceChoice {
  if (all.length <= VOICE_PICKER_LIMIT) return { voices: [...all], total: all.length, narrowed: false };
  const wanted = new Set(languages.map(primary).filter((l) => l !== ''));
  const voices = all.filter((v) => v.id === selectedId || v.default || wanted.has(primary(v.lang))).slice(0, VOICE_PICKER_LIMIT);
  // The chosen voice stays listed even past the cap, or the select would show a blank.
  const chosen = all.find((v) => v.id === selectedId);
  if (chosen && !voices.includes(chosen)) voices.push(chosen);
  return { voices, total: all.length, narrowed: true };
}
