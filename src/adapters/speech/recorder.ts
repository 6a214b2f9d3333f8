/**
 * Microphone capture: getUserMedia → MediaRecorder for the audio, an AnalyserNode polled
 * every 50 ms for the live level and the silence detector; at the end the compressed
 * recording is decoded (decodeAudioData), down-mixed and resampled to 16 kHz mono.
 *
 * MediaRecorder + decodeAudioData instead of an AudioWorklet: it needs no extra module
 * URL (our CSP stays strict) and works the same in Chrome, Firefox and Safari.
 * The microphone is released (tracks stopped) whenever a recording ends, however it ends.
 */
import { AppError } from '../../domain/errors';
import { downmixToMono, resample, rms, WHISPER_SAMPLE_RATE } from '../../domain/voice/resample';
import { EnergyVad } from '../../domain/voice/vad';
import { levelToMeter } from '../../domain/voice/recording';
import { type Recorder, type RecordOptions, type Recording, type RecordingSession, type StopReason } from '../../ports/recorder';

const TICK_MS = 50;

/** The browser APIs the recorder uses; tests pass doubles. */
export interface RecorderEnvironment {
  mediaDevices?: Pick<MediaDevices, 'getUserMedia'>;
  createAudioContext(): AudioContext;
  createMediaRecorder(stream: MediaStream): MediaRecorder;
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export function browserRecorderEnvironment(): RecorderEnvironment {
  return {
    mediaDevices: globalThis.navigator?.mediaDevices,
    createAudioContext: () => new AudioContext(),
    createMediaRecorder: (stream) => new MediaRecorder(stream),
    now: () => performance.now(),
    setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
    clearInterval: (handle) => globalThis.clearInterval(handle as number),
  };
}

export function micError(error: unknown): AppError {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') {
    return new AppError(
      'mic-denied',
      'Rehearse isn’t allowed to use your microphone. In Chrome, click the icon at the left of the address bar, set Microphone to Allow, then try again. You can always type your answer instead.',
      { cause: error },
    );
  }
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') {
    return new AppError(
      'mic-unavailable',
      'Your microphone is busy or could not start. Close other apps that use it (calls, recorders) and try again, or type your answer.',
      {
        cause: error,
      },
    );
  }
  return new AppError(
    'mic-unavailable',
    'No microphone was found. Plug one in or check your system sound settings, then try again — or type your answer.',
    {
      cause: error,
    },
  );
}

export class MicRecorder implements Recorder {
  constructor(private readonly env: RecorderEnvironment = browserRecorderEnvironment()) {}

  async start(options: RecordOptions): Promise<RecordingSession> {
    if (!this.env.mediaDevices?.getUserMedia) {
      throw new AppError(
        'mic-unavailable',
        'This browser does not offer microphone access here. Use a recent Chrome, Edge, Firefox or Safari over https, or type your answer.',
      );
    }
    let stream: MediaStream;
    try {
      stream = await this.env.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    } catch (error) {
      throw micError(error);
    }
    try {
      return new ActiveRecording(this.env, stream, options);
    } catch (error) {
      for (const track of stream.getTracks()) track.stop();
      throw new AppError(
        'mic-unavailable',
        'The microphone opened but recording could not start. Reload the page and try again, or type your answer.',
        { cause: error },
      );
    }
  }
}

class ActiveRecording implements RecordingSession {
  readonly result: Promise<Recording>;
  private resolve!: (r: Recording) => void;
  private readonly context: AudioContext;
  private readonly analyser: AnalyserNode;
  private readonly recorder: MediaRecorder;
  private readonly chunks: Blob[] = [];
  private readonly vad: EnergyVad | undefined;
  private readonly startedAt: number;
  private readonly timer: unknown;
  private readonly frame: Float32Array<ArrayBuffer>;
  private stopReason: StopReason | undefined;
  private speechDetected = false;
  private elapsed = 0;
  private warning: AppError | undefined;

  constructor(
    private readonly env: RecorderEnvironment,
    private readonly stream: MediaStream,
    private readonly options: RecordOptions,
  ) {
    this.result = new Promise((resolve) => (this.resolve = resolve));
    this.context = env.createAudioContext();
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = 2048;
    this.frame = new Float32Array(this.analyser.fftSize);
    this.context.createMediaStreamSource(stream).connect(this.analyser);
    if (options.silenceSeconds > 0) {
      this.vad = new EnergyVad({
        silenceSeconds: options.silenceSeconds,
        ...(options.maxLeadingSilenceSeconds !== undefined ? { maxLeadingSilenceSeconds: options.maxLeadingSilenceSeconds } : {}),
      });
    }
    this.recorder = env.createMediaRecorder(stream);
    this.recorder.addEventListener('dataavailable', (event: BlobEvent) => {
      if (event.data.size > 0) this.chunks.push(event.data);
    });
    this.recorder.addEventListener('stop', () => void this.finish());
    for (const track of stream.getAudioTracks()) {
      track.addEventListener('ended', () => {
        this.warning = new AppError(
          'mic-lost',
          'The microphone disconnected while recording. Rehearse kept what it heard; reconnect it to record again.',
        );
        this.end('mic-lost');
      });
    }
    this.recorder.start(1000);
    this.startedAt = env.now();
    this.timer = env.setInterval(() => this.tick(), TICK_MS);
  }

  stop(): void {
    this.end('manual');
  }

  cancel(): void {
    this.end('cancelled');
  }

  private tick(): void {
    if (this.stopReason) return;
    const now = this.env.now();
    const dt = Math.max(0.001, (now - this.startedAt) / 1000 - this.elapsed);
    this.elapsed = (now - this.startedAt) / 1000;
    this.analyser.getFloatTimeDomainData(this.frame);
    const level = rms(this.frame);
    this.options.onLevel?.(levelToMeter(level));
    this.options.onElapsed?.(this.elapsed);
    if (this.vad) {
      const state = this.vad.push(level, dt);
      if (state.speechStarted) this.speechDetected = true;
      if (state.shouldStop) {
        this.end(state.stopReason === 'no-speech' ? 'no-speech' : 'silence');
        return;
      }
    }
    if (this.elapsed >= this.options.maxSeconds) this.end('max-length');
  }

  private end(reason: StopReason): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.env.clearInterval(this.timer);
    this.options.onLevel?.(0);
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    else void this.finish();
    // Release the microphone at once: the browser's recording indicator goes off.
    for (const track of this.stream.getTracks()) track.stop();
  }

  private finished = false;
  private async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const reason = this.stopReason ?? 'mic-lost';
    let pcm16k: Float32Array = new Float32Array(0);
    try {
      if (reason !== 'cancelled' && this.chunks.length > 0) {
        const blob = new Blob(this.chunks, { type: this.recorder.mimeType || this.chunks[0]!.type });
        const decoded = await this.context.decodeAudioData(await blob.arrayBuffer());
        const channels = Array.from({ length: decoded.numberOfChannels }, (_, i) => decoded.getChannelData(i));
        pcm16k = resample(downmixToMono(channels), decoded.sampleRate, WHISPER_SAMPLE_RATE);
      }
    } catch (error) {
      this.warning ??= new AppError('transcription-failed', 'The recording could not be read. Try again, or type your answer.', {
        cause: error,
      });
    } finally {
      void this.context.close().catch(() => undefined);
    }
    const recording: Recording = {
      pcm16k,
      durationSeconds: pcm16k.length / WHISPER_SAMPLE_RATE,
      stopReason: reason,
      speechDetected: this.speechDetected,
    };
    if (this.warning) recording.warning = this.warning;
    this.resolve(recording);
  }
}
