/**
 * The spoken interviewer: the browser's speechSynthesis. Replies are spoken one sentence
 * at a time because Chrome silently stops utterances longer than ~15 seconds; markdown is
 * stripped so symbols are not read out. Local voices (which work offline and keep the text
 * on the device) are listed first.
 */
import { AppError } from '../../domain/errors';
import type { SpeakOptions, Speaker } from '../../ports/ml';
import type { Voice } from '../../domain/voice/speech-types';
import { splitSentences } from '../../domain/voice/sentences';

/** The slice of `speechSynthesis` we use; tests pass a double. */
export interface SynthesisLike {
  speak(utterance: SpeechSynthesisUtterance): void;
  cancel(): void;
  getVoices(): SpeechSynthesisVoice[];
  addEventListener(type: 'voiceschanged', listener: () => void): void;
  removeEventListener(type: 'voiceschanged', listener: () => void): void;
}

export interface SpeakerEnvironment {
  synthesis?: SynthesisLike;
  createUtterance(text: string): SpeechSynthesisUtterance;
}

export function browserSpeakerEnvironment(): SpeakerEnvironment {
  const synthesis = typeof speechSynthesis === 'undefined' ? undefined : speechSynthesis;
  const env: SpeakerEnvironment = { createUtterance: (text) => new SpeechSynthesisUtterance(text) };
  if (synthesis) env.synthesis = synthesis;
  return env;
}

/** Some browsers fill the voice list asynchronously; wait this long for `voiceschanged`. */
const VOICES_WAIT_MS = 1500;

function unavailable(cause?: unknown): AppError {
  return new AppError(
    'speech-unavailable',
    'This browser can’t read replies aloud. Turn off “Speak replies” in Settings → Voice, or try Chrome or Edge; the conversation works the same in text.',
    cause === undefined ? {} : { cause },
  );
}

export function toVoice(v: SpeechSynthesisVoice): Voice {
  return { id: v.voiceURI || v.name, name: v.name, lang: v.lang, local: v.localService, default: v.default };
}

/** Local voices first (offline, private), then the browser default, then by language and name. */
export function sortVoices(voices: Voice[], preferredLang?: string): Voice[] {
  const lang = preferredLang?.toLowerCase().split('-')[0];
  const score = (v: Voice) => (v.local ? 0 : 4) + (lang && v.lang.toLowerCase().startsWith(lang) ? 0 : 2) + (v.default ? 0 : 1);
  return [...voices].sort((a, b) => score(a) - score(b) || a.lang.localeCompare(b.lang) || a.name.localeCompare(b.name));
}

export class WebSpeechSpeaker implements Speaker {
  /** Bumped by stop(): a speak() loop from an older generation ends quietly. */
  private generation = 0;
  /** Chrome drops the `end` event of utterances that were garbage-collected; hold on to them. */
  private readonly live = new Set<SpeechSynthesisUtterance>();

  constructor(private readonly env: SpeakerEnvironment = browserSpeakerEnvironment()) {}

  get available(): boolean {
    return this.env.synthesis !== undefined;
  }

  async voices(): Promise<Voice[]> {
    const synthesis = this.env.synthesis;
    if (!synthesis) return [];
    let list = synthesis.getVoices();
    if (list.length === 0) {
      list = await new Promise<SpeechSynthesisVoice[]>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          synthesis.removeEventListener('voiceschanged', done);
          resolve(synthesis.getVoices());
        };
        const timer = setTimeout(done, VOICES_WAIT_MS);
        synthesis.addEventListener('voiceschanged', done);
      });
    }
    return sortVoices(list.map(toVoice));
  }

  /** Resolves when everything was spoken or stop() was called; rejects with 'speech-unavailable'. */
  async speak(text: string, options: SpeakOptions = {}): Promise<void> {
    const synthesis = this.env.synthesis;
    if (!synthesis) throw unavailable();
    const sentences = splitSentences(text, options.lang ? { locale: options.lang } : {});
    if (sentences.length === 0) return;
    const generation = ++this.generation;
    const voice = options.voiceId ? synthesis.getVoices().find((v) => (v.voiceURI || v.name) === options.voiceId) : undefined;
    const onAbort = () => this.stop();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (const sentence of sentences) {
        if (generation !== this.generation || options.signal?.aborted) return;
        await this.speakOne(synthesis, sentence, voice, options);
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  stop(): void {
    this.generation++;
    this.env.synthesis?.cancel();
  }

  private speakOne(synthesis: SynthesisLike, text: string, voice: SpeechSynthesisVoice | undefined, options: SpeakOptions): Promise<void> {
    return new Promise((resolve, reject) => {
      const utterance = this.env.createUtterance(text);
      if (voice) utterance.voice = voice;
      if (options.lang) utterance.lang = voice?.lang ?? options.lang;
      if (options.rate !== undefined) utterance.rate = options.rate;
      this.live.add(utterance);
      utterance.onend = () => {
        this.live.delete(utterance);
        resolve();
      };
      utterance.onerror = (event: SpeechSynthesisErrorEvent) => {
        this.live.delete(utterance);
        // cancel() reports 'interrupted'/'canceled': that is stop(), not a failure.
        if (event.error === 'interrupted' || event.error === 'canceled') resolve();
        else reject(unavailable(new Error(`speechSynthesis: ${event.error}`)));
      };
      synthesis.speak(utterance);
    });
  }
}
