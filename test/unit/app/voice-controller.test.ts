import { describe, expect, it } from 'vitest';
import { VoiceController, type VoiceControllerDeps } from '../../../src/app/voice-controller.svelte';
import { DEFAULT_VOICE_SETTINGS } from '../../../src/domain/voice/voice-settings';
import { AppError } from '../../../src/domain/errors';
import type { VoiceSettings } from '../../../src/domain/records';
import { LoggingSpeaker, ScriptedRecorder, ScriptedTranscriber } from '../../doubles/voice-doubles';

const words = [
  { text: ' Um,', start: 0, end: 0.3 },
  { text: ' I', start: 0.4, end: 0.5 },
  { text: ' led', start: 0.6, end: 0.9 },
  { text: ' it.', start: 3.5, end: 3.9 },
];

function setup(
  settings: Partial<VoiceSettings> = {},
  replies = [{ text: 'Um, I led it.', words, durationSeconds: 4 }] as ConstructorParameters<typeof ScriptedTranscriber>[0],
) {
  const recorder = new ScriptedRecorder();
  const transcriber = new ScriptedTranscriber(replies);
  const speaker = new LoggingSpeaker();
  const deps: VoiceControllerDeps = {
    recorder: () => recorder,
    transcriber: () => transcriber,
    speaker: () => speaker,
    settings: () => ({ ...DEFAULT_VOICE_SETTINGS, speakReplies: true, ...settings }),
    language: () => 'en',
  };
  const transcripts: Array<{ text: string; fillers?: number; pauses?: number }> = [];
  const voice = new VoiceController(deps, (text, metrics) =>
    transcripts.push({ text, fillers: metrics?.fillerCount, pauses: metrics?.pausesOver2s }),
  );
  return { voice, recorder, transcriber, speaker, transcripts };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('VoiceController', () => {
  it('records, transcribes and hands over text with delivery metrics', async () => {
    const { voice, recorder, transcriber, transcripts } = setup({ silenceSeconds: 3 });
    const done = voice.toggleRecording();
    await flush();
    expect(voice.state).toBe('recording');
    expect(voice.level).toBe(0.5);
    expect(voice.elapsed).toBe(1);
    expect(recorder.starts[0]).toMatchObject({ silenceSeconds: 3, maxSeconds: DEFAULT_VOICE_SETTINGS.maxRecordingSeconds });
    await voice.toggleRecording(); // stop
    await done;
    expect(voice.state).toBe('idle');
    expect(transcriber.calls[0]).toMatchObject({ samples: 32_000, options: { language: 'en', wordTimestamps: true } });
    expect(transcripts).toEqual([{ text: 'Um, I led it.', fillers: 1, pauses: 1 }]);
  });

  it('stops speaking when the candidate starts recording', async () => {
    const { voice, speaker } = setup();
    speaker.hold = true;
    const speaking = voice.speak('Tell me about yourself.');
    await flush();
    expect(voice.state).toBe('speaking');
    const recording = voice.toggleRecording();
    await flush();
    expect(speaker.stops).toBe(1);
    expect(voice.state).toBe('recording');
    await speaking;
    expect(voice.state).toBe('recording');
    voice.stopRecording();
    await recording;
  });

  it('does not speak when speaking replies is off', async () => {
    const { voice, speaker } = setup({ speakReplies: false });
    await voice.speak('Hello.');
    expect(speaker.said).toEqual([]);
    expect(voice.state).toBe('idle');
  });

  it('replays a reply on request even when speaking replies is off, without opening the mic', async () => {
    const { voice, speaker, recorder } = setup({ speakReplies: false, handsFree: true, rate: 1.5 });
    await voice.replay('Tell me about yourself.');
    expect(speaker.said).toEqual([{ text: 'Tell me about yourself.', options: { rate: 1.5, lang: 'en' } }]);
    expect(voice.state).toBe('idle');
    expect(recorder.starts).toEqual([]);
  });

  it('passes voice, rate and language to the speaker', async () => {
    const { voice, speaker } = setup({ voiceId: 'uri:Samantha', rate: 1.3 });
    await voice.speak('Hello.');
    expect(speaker.said[0]).toEqual({ text: 'Hello.', options: { rate: 1.3, lang: 'en', voiceId: 'uri:Samantha' } });
  });

  it('hands-free: reply spoken → mic opens → silence ends the answer → transcript', async () => {
    const { voice, recorder, transcripts } = setup({ handsFree: true });
    recorder.autoStop = 'silence';
    await voice.speak('What is your biggest strength?');
    expect(recorder.starts[0]?.maxLeadingSilenceSeconds).toBeGreaterThan(0);
    expect(transcripts.map((t) => t.text)).toEqual(['Um, I led it.']);
    expect(voice.state).toBe('idle');
  });

  it('hands-free: nobody speaks → "nothing heard", and the loop stops there', async () => {
    const { voice, recorder, transcriber } = setup({ handsFree: true });
    recorder.autoStop = 'no-speech';
    await voice.speak('Next question?');
    expect(voice.state).toBe('error');
    expect(voice.error?.code).toBe('nothing-heard');
    expect(transcriber.calls).toHaveLength(0);
  });

  it('hands-free paused: a recording in progress is transcribed but not marked for sending, and replies no longer open the mic', async () => {
    const { voice, recorder, transcripts } = setup({ handsFree: true });
    const speaking = voice.speak('Tell me about a conflict.');
    await flush();
    expect(voice.state).toBe('recording');
    expect(voice.handsFreeActive).toBe(true);
    let activeAtTranscript: boolean | undefined;
    voice.onTranscript = (text) => {
      activeAtTranscript = voice.handsFreeActive;
      transcripts.push({ text });
    };
    voice.pauseHandsFree();
    await speaking;
    // The words are kept (for the answer box), and the screen knows not to send them by itself.
    expect(transcripts.map((t) => t.text)).toEqual(['Um, I led it.']);
    expect(activeAtTranscript).toBe(false);
    await voice.speak('Next question?');
    expect(recorder.starts).toHaveLength(1);
    expect(voice.state).toBe('idle');
  });

  it('hands-free resumed: listens at once when an answer is awaited, not while a reply is still coming', async () => {
    const { voice, recorder } = setup({ handsFree: true, speakReplies: false });
    voice.pauseHandsFree();
    await voice.resumeHandsFree({ listen: false });
    expect(recorder.starts).toHaveLength(0);
    expect(voice.handsFreeActive).toBe(true);
    voice.pauseHandsFree();
    recorder.autoStop = 'no-speech';
    const resumed = voice.resumeHandsFree({ listen: true });
    await resumed;
    expect(recorder.starts).toHaveLength(1);
    expect(recorder.starts[0]?.maxLeadingSilenceSeconds).toBeGreaterThan(0);
    // Nobody spoke: the loop stops with "nothing heard"; resuming clears it and listens again.
    expect(voice.state).toBe('error');
    recorder.autoStop = 'silence';
    await voice.resumeHandsFree({ listen: true });
    expect(voice.error).toBeNull();
    expect(recorder.starts).toHaveLength(2);
  });

  it('shows mic errors and recovers on dismiss', async () => {
    const { voice, recorder } = setup();
    recorder.failWith = new AppError('mic-denied', 'Allow the microphone.');
    await voice.toggleRecording();
    expect(voice.state).toBe('error');
    expect(voice.error?.code).toBe('mic-denied');
    voice.dismissError();
    expect(voice.state).toBe('idle');
    expect(voice.error).toBeNull();
  });

  it('keeps a transcript from a lost mic and shows a notice', async () => {
    const { voice, recorder, transcripts } = setup();
    recorder.autoStop = 'mic-lost';
    recorder.warning = new AppError('mic-lost', 'The microphone disconnected.');
    await voice.toggleRecording();
    expect(transcripts).toHaveLength(1);
    expect(voice.notice).toBe('The microphone disconnected.');
  });

  it('surfaces transcription errors such as nothing heard', async () => {
    const { voice, recorder } = setup({}, [new AppError('nothing-heard', 'I didn’t catch that — try again.')]);
    recorder.autoStop = 'silence';
    await voice.toggleRecording();
    expect(voice.state).toBe('error');
    expect(voice.error?.message).toContain('didn’t catch that');
  });

  it('reports a speech failure without blocking the conversation', async () => {
    const { voice, speaker } = setup();
    speaker.failWith = new AppError('speech-unavailable', 'Cannot speak.');
    await voice.speak('Hello.');
    expect(voice.error?.code).toBe('speech-unavailable');
  });

  it('dispose releases the mic and ignores the late result', async () => {
    const { voice, transcripts } = setup();
    const run = voice.toggleRecording();
    await flush();
    voice.dispose();
    await run;
    expect(transcripts).toEqual([]);
  });
});
