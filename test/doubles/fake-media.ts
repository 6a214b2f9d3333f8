/**
 * Doubles for the browser audio APIs the recorder uses (getUserMedia, MediaRecorder,
 * AudioContext + AnalyserNode) and for speechSynthesis. The "microphone" plays a script of
 * RMS levels, one per 50 ms tick, and the decoded recording is a 48 kHz stereo buffer.
 */
import type { RecorderEnvironment } from '../../src/adapters/speech/recorder';
import type { SpeakerEnvironment, SynthesisLike } from '../../src/adapters/speech/web-speech-speaker';

export class FakeTrack extends EventTarget {
  stopped = false;
  stop(): void {
    this.stopped = true;
  }
  /** The device disappeared (unplugged). */
  unplug(): void {
    this.dispatchEvent(new Event('ended'));
  }
}

export interface FakeMicOptions {
  /** getUserMedia fails with this DOMException name. */
  failWith?: string;
  /** RMS level per 50 ms tick; the last value repeats. */
  levels?: number[];
  /** Seconds of audio in the decoded recording. */
  decodedSeconds?: number;
}

export class FakeMic {
  readonly track = new FakeTrack();
  readonly constraints: MediaStreamConstraints[] = [];
  tick: (() => void) | undefined;
  time = 0;
  contextsClosed = 0;
  private levelIndex = 0;

  constructor(private readonly options: FakeMicOptions = {}) {}

  currentLevel(): number {
    const levels = this.options.levels ?? [0];
    return levels[Math.min(this.levelIndex, levels.length - 1)]!;
  }

  /** Advances the clock by one 50 ms tick and runs the recorder's timer. */
  advance(ticks = 1): void {
    for (let i = 0; i < ticks; i++) {
      this.time += 50;
      this.tick?.();
      this.levelIndex++;
    }
  }

  environment(): RecorderEnvironment {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the returned closures read the mic's live state
    const mic = this;
    const stream = { getTracks: () => [mic.track], getAudioTracks: () => [mic.track] } as unknown as MediaStream;
    return {
      mediaDevices: {
        getUserMedia: async (constraints?: MediaStreamConstraints) => {
          mic.constraints.push(constraints ?? {});
          if (mic.options.failWith) throw new DOMException('fake', mic.options.failWith);
          return stream;
        },
      },
      createAudioContext: () =>
        ({
          createAnalyser: () => ({
            fftSize: 2048,
            getFloatTimeDomainData: (out: Float32Array) => out.fill(mic.currentLevel()),
          }),
          createMediaStreamSource: () => ({ connect: () => undefined }),
          decodeAudioData: async () => {
            const rate = 48_000;
            const length = Math.round((mic.options.decodedSeconds ?? 1) * rate);
            const left = new Float32Array(length).fill(0.2);
            const right = new Float32Array(length).fill(0.4);
            return { numberOfChannels: 2, sampleRate: rate, length, getChannelData: (i: number) => (i === 0 ? left : right) };
          },
          close: async () => {
            mic.contextsClosed++;
          },
        }) as unknown as AudioContext,
      createMediaRecorder: () => new FakeMediaRecorder() as unknown as MediaRecorder,
      now: () => mic.time,
      setInterval: (fn) => {
        mic.tick = fn;
        return 1;
      },
      clearInterval: () => {
        mic.tick = undefined;
      },
    };
  }
}

class FakeMediaRecorder extends EventTarget {
  state: 'inactive' | 'recording' = 'inactive';
  mimeType = 'audio/webm';
  start(): void {
    this.state = 'recording';
  }
  stop(): void {
    this.state = 'inactive';
    queueMicrotask(() => {
      const data = new Event('dataavailable') as Event & { data: Blob };
      data.data = new Blob([new Uint8Array(16)], { type: 'audio/webm' });
      this.dispatchEvent(data);
      this.dispatchEvent(new Event('stop'));
    });
  }
}

/** A speechSynthesis that "speaks" each utterance on the next macrotask and logs what it said. */
export class FakeSynthesis implements SynthesisLike {
  readonly spoken: Array<{ text: string; rate: number; voice: string | undefined }> = [];
  private current: SpeechSynthesisUtterance[] = [];
  private readonly listeners = new Set<() => void>();
  /** Fail every utterance with this error code. */
  failWith: string | undefined;
  /** Hold utterances until finishAll() (to test stop()). */
  hold = false;

  constructor(private voiceList: SpeechSynthesisVoice[] = []) {}

  speak(utterance: SpeechSynthesisUtterance): void {
    this.spoken.push({ text: utterance.text, rate: utterance.rate, voice: utterance.voice?.name });
    this.current.push(utterance);
    if (!this.hold) setTimeout(() => this.finish(utterance), 0);
  }

  private finish(u: SpeechSynthesisUtterance): void {
    if (!this.current.includes(u)) return;
    this.current = this.current.filter((x) => x !== u);
    if (this.failWith) u.onerror?.call(u, { error: this.failWith } as SpeechSynthesisErrorEvent);
    else u.onend?.call(u, {} as SpeechSynthesisEvent);
  }

  cancel(): void {
    const pending = this.current;
    this.current = [];
    for (const u of pending) u.onerror?.call(u, { error: 'interrupted' } as SpeechSynthesisErrorEvent);
  }

  getVoices(): SpeechSynthesisVoice[] {
    return this.voiceList;
  }

  /** Voices arrive late, as in Chrome. */
  loadVoices(list: SpeechSynthesisVoice[]): void {
    this.voiceList = list;
    for (const l of this.listeners) l();
  }

  addEventListener(_type: 'voiceschanged', listener: () => void): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'voiceschanged', listener: () => void): void {
    this.listeners.delete(listener);
  }

  environment(): SpeakerEnvironment {
    return {
      synthesis: this,
      createUtterance: (text) => ({ text, rate: 1, voice: null, lang: '' }) as unknown as SpeechSynthesisUtterance,
    };
  }
}

export function fakeVoice(name: string, lang: string, localService: boolean, isDefault = false): SpeechSynthesisVoice {
  return { name, lang, localService, default: isDefault, voiceURI: `uri:${name}` };
}
