import { describe, expect, it } from 'vitest';
import { VOICE_PICKER_LIMIT, voicesForPicker } from '../../../../src/domain/voice/voice-choice';
import type { Voice } from '../../../../src/domain/voice/speech-types';

const voice = (id: string, lang: string, extra: Partial<Voice> = {}): Voice => ({
  id,
  name: id,
  lang,
  local: true,
  default: false,
  ...extra,
});

/** Like espeak-ng through speech-dispatcher: every language in many variants. */
function espeakLike(): Voice[] {
  const langs = ['af', 'de', 'en-US', 'en-GB', 'fr-FR', 'yue', 'zh', 'es', 'it', 'pl'];
  return langs.flatMap((lang) => Array.from({ length: 40 }, (_, i) => voice(`${lang}+v${i}`, lang)));
}

describe('voicesForPicker', () => {
  it('lists every voice when there are few', () => {
    const all = [voice('a', 'en-US'), voice('b', 'fr-FR')];
    expect(voicesForPicker(all, ['de'])).toEqual({ voices: all, total: 2, narrowed: false });
  });

  it('narrows a huge list to the user’s languages (any region), keeping the default voice', () => {
    const all = [...espeakLike(), voice('system-default', 'pt-BR', { default: true })];
    const choice = voicesForPicker(all, ['en-AU', 'fr']);
    expect(choice.narrowed).toBe(true);
    expect(choice.total).toBe(401);
    expect(new Set(choice.voices.map((v) => v.lang))).toEqual(new Set(['en-US', 'en-GB', 'fr-FR', 'pt-BR']));
    expect(choice.voices).toHaveLength(121);
  });

  it('keeps the chosen voice even when it is in another language or past the cap', () => {
    const all = espeakLike();
    expect(voicesForPicker(all, ['en'], 'pl+v39').voices.map((v) => v.id)).toContain('pl+v39');
    const many = Array.from({ length: 400 }, (_, i) => voice(`en${i}`, 'en'));
    const capped = voicesForPicker(many, ['en'], 'en399');
    expect(capped.voices).toHaveLength(VOICE_PICKER_LIMIT + 1);
    expect(capped.voices.at(-1)?.id).toBe('en399');
  });
});
