/**
 * Voice for the interview and twin screens: record an answer, transcribe it with
 * Whisper, compute delivery metrics, and speak the interviewer's replies.
 *
 * One state at a time ('idle' | 'recording' | 'transcribing' | 'speaking' | 'error'):
 * starting to record stops any speech (the candidate interrupts), and in hands-free mode a
 * reply that finished speaking opens the microphone, silence ends the answer, and the
 * transcript goes to `onTranscript` — a conversation without touching the keyboard.
 */
import { AppError, toAppError } from '../domain/errors';
import type { Speaker, Transcriber } from '../ports/ml';
import type { TimedWord } from '../domain/voice/speech-types';
import type { DeliveryMetrics, VoiceSettings } from '../domain/records';
import type { Recorder, RecordingSession } from '../ports/recorder';
import type { ProgressEvent } from '../ports/progress';
import { computeDeliveryMetrics } from '../domain/voice/delivery-metrics';

export type VoiceState = 'idle' | 'recording' | 'transcribing' | 'speaking' | 'error';

export type TranscriptListener = (text: string, metrics: DeliveryMetrics | undefined, words: TimedWord[] | undefined) => void;

export interface VoiceControllerDeps {
  /** Factories, so nothing touches the mic, the worker or speechSynthesis until first use. */
  recorder: () => Recorder;
  transcriber: () => Transcriber;
  speaker: () => Speaker;
  settings: () => VoiceSettings;
  /** ISO 639-1 interview language. */
  language: () => string;
}

/** Hands-free: give up listening when nobody speaks for this long after a question. */
const HANDS_FREE_NO_SPEECH_SECONDS = 12;

export class VoiceController {
  #state = $state<VoiceState>('idle');
  /** Microphone level 0..1 while recording, for the meter. */
  #level = $state(0);
  /** Seconds recorded so far, or seconds spent transcribing. */
  #elapsed = $state(0);
  #error = $state<AppError | null>(null);
  /** A non-blocking note, e.g. the mic was lost but what it heard was kept. */
  #notice = $state<string | null>(null);
  /** Model download / transcription progress. */
  #progress = $state<ProgressEvent | null>(null);

  /** Hands-free is on in Settings but the candidate paused it: nothing opens the mic or sends by itself. */
  #handsFreePaused = $state(false);

  get state(): VoiceState {
    return this.#state;
  }
  get level(): number {
    return this.#level;
  }
  get elapsed(): number {
    return this.#elapsed;
  }
  get error(): AppError | null {
    return this.#error;
  }
  get notice(): string | null {
    return this.#notice;
  }
  get progress(): ProgressEvent | null {
    return this.#progress;
  }
  get handsFreePaused(): boolean {
    return this.#handsFreePaused;
  }

  onTranscript: TranscriptListener | undefined;

  private session: RecordingSession | undefined;
  private speakingRun = 0;
  private disposed = false;

  constructor(
    private readonly deps: VoiceControllerDeps,
    onTranscript?: TranscriptListener,
  ) {
    this.onTranscript = onTranscript;
  }

  get recording(): boolean {
    return this.#state === 'recording';
  }

  get busy(): boolean {
    return this.#state === 'recording' || this.#state === 'transcribing';
  }

  /** Hands-free is on and not paused: replies open the mic, and transcripts are sent at once. */
  get handsFreeActive(): boolean {
    return this.deps.settings().handsFree && !this.#handsFreePaused;
  }

  /**
   * Pauses hands-free (one key, Alt+P): speech stops, and a recording in progress is still
   * transcribed but goes into the answer box instead of being sent.
   */
  pauseHandsFree(): void {
    this.#handsFreePaused = true;
    this.stopSpeaking();
    this.stopRecording();
  }

  /** Resumes hands-free; with `listen` (an answer is awaited) the microphone opens at once. */
  async resumeHandsFree(options: { listen: boolean }): Promise<void> {
    this.#handsFreePaused = false;
    if (this.#state === 'error') this.dismissError();
    if (options.listen && this.#state === 'idle') await this.startRecording({ handsFree: true });
  }

  /** The mic button: start when idle or speaking, stop when recording. */
  async toggleRecording(): Promise<void> {
    if (this.#state === 'recording') this.stopRecording();
    else if (this.#state !== 'transcribing') await this.startRecording();
  }

  async startRecording(options: { handsFree?: boolean } = {}): Promise<void> {
    if (this.#state === 'recording' || this.#state === 'transcribing' || this.disposed) return;
    this.stopSpeaking();
    this.#error = null;
    this.#notice = null;
    this.#level = 0;
    this.#elapsed = 0;
    const settings = this.deps.settings();
    this.#state = 'recording';
    let session: RecordingSession;
    try {
      session = await this.deps.recorder().start({
        silenceSeconds: settings.silenceSeconds,
        maxSeconds: settings.maxRecordingSeconds,
        ...(options.handsFree ? { maxLeadingSilenceSeconds: HANDS_FREE_NO_SPEECH_SECONDS } : {}),
        onLevel: (level) => (this.#level = level),
        onElapsed: (seconds) => (this.#elapsed = seconds),
      });
    } catch (error) {
      this.fail(error);
      return;
    }
    this.session = session;
    const recording = await session.result;
    this.session = undefined;
    this.#level = 0;
    if (recording.stopReason === 'cancelled' || this.disposed) {
      this.#state = 'idle';
      return;
    }
    if (recording.warning) this.#notice = recording.warning.message;
    if (recording.stopReason === 'no-speech' || recording.pcm16k.length === 0) {
      this.fail(recording.warning ?? new AppError('nothing-heard', 'I didn’t catch that — try again, or type your answer.'));
      return;
    }
    await this.transcribe(recording.pcm16k);
  }

  stopRecording(): void {
    this.session?.stop();
  }

  /** Drops the current recording without transcribing (Esc). */
  cancelRecording(): void {
    this.session?.cancel();
  }

  /**
   * Speaks a reply when "speak replies" is on. In hands-free mode the microphone opens
   * afterwards. Resolves when speaking ended (or was stopped); never throws — a speech
   * failure is shown as `error` and the conversation goes on in text.
   */
  async speak(text: string): Promise<void> {
    const settings = this.deps.settings();
    if (this.busy || this.disposed) return;
    const run = ++this.speakingRun;
    if (settings.speakReplies && !(await this.say(text, run))) return;
    if (this.handsFreeActive && run === this.speakingRun) await this.startRecording({ handsFree: true });
  }

  /**
   * The Replay button: reads a reply aloud even when automatic reading is off (the user
   * asked for it explicitly), and never opens the microphone afterwards.
   */
  async replay(text: string): Promise<void> {
    if (this.busy || this.disposed) return;
    await this.say(text, ++this.speakingRun);
  }

  /** Speaks `text`; true when it was spoken to the end (not stopped, not failed). */
  private async say(text: string, run: number): Promise<boolean> {
    const settings = this.deps.settings();
    const speaker = this.deps.speaker();
    this.#state = 'speaking';
    try {
      await speaker.speak(text, {
        rate: settings.rate,
        lang: this.deps.language(),
        ...(settings.voiceId ? { voiceId: settings.voiceId } : {}),
      });
    } catch (error) {
      if (run === this.speakingRun) this.fail(error);
      return false;
    }
    // Interrupted by stopSpeaking() or by the candidate starting to record: nothing more to do.
    if (run !== this.speakingRun) return false;
    this.#state = 'idle';
    return true;
  }

  stopSpeaking(): void {
    if (this.#state !== 'speaking') return;
    this.speakingRun++;
    this.deps.speaker().stop();
    this.#state = 'idle';
  }

  /** Clears an error so the UI can go back to idle. */
  dismissError(): void {
    if (this.#state === 'error') this.#state = 'idle';
    this.#error = null;
  }

  /** Leaving the screen: release the mic, stop speaking, ignore late results. */
  dispose(): void {
    this.disposed = true;
    this.session?.cancel();
    if (this.#state === 'speaking') this.deps.speaker().stop();
    this.speakingRun++;
  }

  private async transcribe(pcm16k: Float32Array): Promise<void> {
    this.#state = 'transcribing';
    this.#elapsed = 0;
    const started = Date.now();
    const timer = setInterval(() => (this.#elapsed = (Date.now() - started) / 1000), 250);
    try {
      const transcript = await this.deps.transcriber().transcribe(pcm16k, {
        language: this.deps.language(),
        wordTimestamps: true,
        onProgress: (p) => (this.#progress = p),
      });
      if (this.disposed) return;
      const words = transcript.words;
      const metrics =
        words && words.length > 0 ? computeDeliveryMetrics(words, { fillerWords: this.deps.settings().fillerWords }) : undefined;
      this.#state = 'idle';
      this.onTranscript?.(transcript.text, metrics, words);
    } catch (error) {
      if (!this.disposed) this.fail(error);
    } finally {
      clearInterval(timer);
      this.#progress = null;
    }
  }

  private fail(error: unknown): void {
    this.#level = 0;
    this.#error = toAppError(error);
    this.#state = 'error';
  }
}
