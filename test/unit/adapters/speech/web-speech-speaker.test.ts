import { describe, expect, it } from 'vitest';
import { WebSpeechSpeaker, sortVoices } from '../../../../src/adapters/speech/web-speech-speaker';
import { AppError } from '../../../../src/domain/errors';
import { FakeSynthesis, fakeVoice } from '../../../doubles/fake-media';

describe('WebSpeechSpeaker', () => {
  it('speaks sentence by sentence without markdown, at the chosen rate and voice', async () => {
    const synth = new FakeSynthesis([fakeVoice('Alex', 'en-US', true), fakeVoice('Cloud', 'en-US', false)]);
    const speaker = new WebSpeechSpeaker(synth.environment());
    await speaker.speak('**Thanks.** Tell me, e.g. about a *conflict*. What happened?', { rate: 1.2, voiceId: 'uri:Cloud' });
    expect(synth.spoken).toEqual([
      { text: 'Thanks.', rate: 1.2, voice: 'Cloud' },
      { text: 'Tell me, e.g. about a conflict.', rate: 1.2, voice: 'Cloud' },
      { text: 'What happened?', rate: 1.2, voice: 'Cloud' },
    ]);
  });

  it('stop() ends speaking at once and speak() resolves', async () => {
    const synth = new FakeSynthesis();
    synth.hold = true;
    const speaker = new WebSpeechSpeaker(synth.environment());
    const done = speaker.speak('One. Two. Three.');
    await new Promise((r) => setTimeout(r, 0));
    speaker.stop();
    await done;
    expect(synth.spoken.map((s) => s.text)).toEqual(['One.']);
  });

  it('an abort signal stops speaking too', async () => {
    const synth = new FakeSynthesis();
    synth.hold = true;
    const controller = new AbortController();
    const done = new WebSpeechSpeaker(synth.environment()).speak('One. Two.', { signal: controller.signal });
    controller.abort();
    await done;
    expect(synth.spoken.length).toBeLessThanOrEqual(1);
  });

  it('rejects with speech-unavailable when there is no speechSynthesis or it fails', async () => {
    const none = new WebSpeechSpeaker({ createUtterance: () => ({}) as SpeechSynthesisUtterance });
    expect(none.available).toBe(false);
    const error = await none.speak('Hello.').catch((e: unknown) => e);
    expect((error as AppError).code).toBe('speech-unavailable');

    const synth = new FakeSynthesis();
    synth.failWith = 'synthesis-failed';
    const failing = await new WebSpeechSpeaker(synth.environment()).speak('Hello.').catch((e: unknown) => e);
    expect(failing).toBeInstanceOf(AppError);
    expect((failing as AppError).code).toBe('speech-unavailable');
  });

  it('lists local voices first and waits for voices that load late', async () => {
    const synth = new FakeSynthesis();
    const speaker = new WebSpeechSpeaker(synth.environment());
    const pending = speaker.voices();
    synth.loadVoices([fakeVoice('Google US', 'en-US', false, true), fakeVoice('Samantha', 'en-US', true)]);
    const voices = await pending;
    expect(voices.map((v) => [v.name, v.local])).toEqual([
      ['Samantha', true],
      ['Google US', false],
    ]);
    expect(voices[0]!.id).toBe('uri:Samantha');
  });

  it('sorts voices of the interview language before others', () => {
    const sorted = sortVoices(
      [
        { id: 'a', name: 'Anna', lang: 'de-DE', local: true, default: false },
        { id: 'b', name: 'Bob', lang: 'en-GB', local: true, default: false },
      ],
      'en',
    );
    expect(sorted[0]!.name).toBe('Bob');
  });
});
