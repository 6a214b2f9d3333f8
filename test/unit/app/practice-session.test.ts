import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src/domain/errors';
import { InterviewSession } from '../../../src/app/practice/interview-session.svelte';
import { PracticeService } from '../../../src/app/practice/practice-service';
import { approximateTokenCounter } from '../../doubles/approximate-token-counter';
import { chunkText } from '../../../src/domain/retrieval/chunking';
import { Bm25Retriever } from '../../../src/domain/retrieval/bm25-retriever';
import { ScriptedChatEngine, type Script } from '../../doubles/scripted-chat-engine';
import { createMemoryRepositories } from '../../doubles/memory-repositories';

const GUIDELINE = JSON.stringify({
  questions: [
    { text: 'How have you operated PostgreSQL at scale?', topic: 'Databases', requirement: 'Operate PostgreSQL at scale.' },
    { text: 'How do you run a design review?', topic: 'Leadership', requirement: 'lead design reviews' },
  ],
});

/** `holdRest`: the rest of the guideline (written in the background) stops half-way until `engine.release()`. */
function setup(turns: Script[], options: { holdRest?: boolean } = {}) {
  const queue = [GUIDELINE, ...turns];
  const engine = new ScriptedChatEngine((request) => {
    // The guideline's second step (written in the background after the opening): the planned questions it does not list.
    const prompt = request.messages.at(-1)?.content ?? '';
    if (request.json && prompt.includes('already planned')) {
      const all = (JSON.parse(GUIDELINE) as { questions: { text: string }[] }).questions;
      const rest = JSON.stringify({ questions: all.filter((q) => !prompt.includes(q.text)) });
      return options.holdRest ? { text: rest, holdAfterChars: 5 } : rest;
    }
    const next = queue.shift();
    if (next === undefined) throw new Error('no more scripts');
    return next;
  });
  let t = 0;
  let id = 0;
  const service = new PracticeService({
    engine: () => engine,
    repos: createMemoryRepositories(),
    retriever: new Bm25Retriever(),
    chunk: (text) => chunkText(text),
    clock: { now: () => (t += 5) },
    ids: () => `id${++id}`,
    tokenCounter: async () => approximateTokenCounter,
  });
  const frames: (() => void)[] = [];
  const session = new InterviewSession(service, { schedule: (flush) => frames.push(flush) });
  return { engine, service, session, frames };
}

async function created(service: PracticeService) {
  const record = await service.createSession({
    jobDescription: 'Operate PostgreSQL at scale. Lead design reviews.',
    resume: '',
    type: 'professional',
    questionCount: 2,
    style: 'friendly',
    language: 'en',
  });
  return record.id;
}

describe('InterviewSession', () => {
  it('prepares, greets, and exposes progress, question numbers and usage', async () => {
    const { service, session } = setup(['Hello! How have you operated PostgreSQL at scale?']);
    await session.begin(await created(service));
    expect(session.status).toBe('awaiting-answer');
    expect(session.messages.map((m) => m.kind)).toEqual(['greeting']);
    expect(session.questionNumber).toBe(1);
    expect(session.questionCount).toBe(2);
    expect(session.progress?.label).toBe('Ready');
    expect(session.usage.totalTokens).toBeGreaterThan(0);
    expect(session.canFinish).toBe(false);
    expect(session.streamingText).toBe('');
  });

  it('batches streamed text: one scheduled flush per frame, not one render per token', async () => {
    const { service, session, engine, frames } = setup([
      'Hello! How have you operated PostgreSQL at scale?',
      { text: '[NEXT] Thanks. How do you run a design review?', pieceSize: 2, holdAfterChars: 30 },
    ]);
    await session.begin(await created(service));
    frames.splice(0).forEach((flush) => flush());
    const sending = session.send('We partitioned tables.');
    await engine.held;
    expect(session.status).toBe('streaming');
    expect(session.messages.at(-1)?.text).toBe('We partitioned tables.');
    expect(session.streamingText).toBe('');
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(session.streamingText).toBe('Thanks. How do you run ');
    engine.release();
    await sending;
    expect(session.streamingText).toBe('');
    expect(session.messages.at(-1)?.text).toBe('Thanks. How do you run a design review?');
    expect(session.questionNumber).toBe(2);
    expect(session.canFinish).toBe(true);
  });

  it('stop leaves the partial reply, no error, and allows retry', async () => {
    const { service, session, engine } = setup([
      { text: 'Hello and welcome! How have you operated PostgreSQL at scale?', holdAfterChars: 14 },
      'Hello! How have you operated PostgreSQL at scale?',
    ]);
    const preparing = session.begin(await created(service));
    await engine.held;
    session.stop();
    await preparing;
    expect(session.error).toBeNull();
    expect(session.status).toBe('awaiting-answer');
    expect(session.messages[0]).toMatchObject({ incomplete: true });
    expect(session.canRetry).toBe(true);
    await session.retry();
    expect(session.messages[0]).toMatchObject({ text: 'Hello! How have you operated PostgreSQL at scale?' });
    expect(session.canRetry).toBe(false);
  });

  it('shows an engine failure as an AppError and recovers on retry', async () => {
    const { service, session } = setup([
      { text: 'Hello! How have you operated PostgreSQL at scale?', failAfterChars: 10 },
      'Hello! How have you operated PostgreSQL at scale?',
    ]);
    await session.begin(await created(service));
    expect(session.status).toBe('error');
    expect(session.error?.code).toBe('remote-network');
    await session.retry();
    expect(session.status).toBe('awaiting-answer');
    expect(session.error).toBeNull();
  });

  it('Try again after the questions could not be written prepares the same interview again', async () => {
    const { service, session } = setup(['Hello! How have you operated PostgreSQL at scale?']);
    const id = await created(service);
    let failing = true;
    const prepare = service.prepare.bind(service);
    service.prepare = async (sessionId, onProgress) => {
      if (failing) throw new AppError('remote-network', 'The server could not be reached.');
      return prepare(sessionId, onProgress);
    };
    expect((await session.load(id)).kind).toBe('interview');
    await session.begin(id);
    expect(session.failedStep).toBe('preparing');
    failing = false;
    await session.tryAgain();
    expect(session.error).toBeNull();
    expect(session.status).toBe('awaiting-answer');
    expect(session.session?.id).toBe(id);
  });

  it('a failed feedback is marked as the feedback step, not a reply, and finishing again writes it', async () => {
    const feedback = JSON.stringify({
      overallScore: 70,
      summary: 'Clear and concrete.',
      categories: { relevance: 7, depth: 6, structure: 7, clarity: 8, confidence: 7 },
      questions: [{ question: 1, score: 7, evidence: [], strengths: ['Specific'], improvements: [], sampleAnswer: 'At Acme…' }],
      strengths: ['Concrete'],
      improvements: ['Quantify'],
    });
    const { service, session } = setup([
      'Hello! How have you operated PostgreSQL at scale?',
      '[NEXT] Thanks. How do you run a design review?',
      'not json',
      'still not json',
      feedback,
    ]);
    await session.begin(await created(service));
    await session.send('We partitioned tables.');
    expect(session.failedStep).toBeNull();
    await session.finish();
    expect(session.status).toBe('error');
    expect(session.error?.code).toBe('invalid-model-output');
    expect(session.failedStep).toBe('feedback');
    // The conversation is fine: there is no reply to retry, only the feedback.
    expect(session.canRetry).toBe(false);
    expect(session.canFinish).toBe(true);
    await session.finish();
    expect(session.status).toBe('finished');
    expect(session.error).toBeNull();
    expect(session.failedStep).toBeNull();
    expect(session.session?.feedback?.overallScore).toBe(70);
  });

  it('a failed reply is marked as the reply step', async () => {
    const { service, session } = setup([{ text: 'Hello! How have you operated PostgreSQL at scale?', failAfterChars: 10 }]);
    await session.begin(await created(service));
    expect(session.failedStep).toBe('reply');
  });

  it('rejects an empty answer with a clear message', async () => {
    const { service, session } = setup(['Hello! How have you operated PostgreSQL at scale?']);
    await session.begin(await created(service));
    await session.send('   ');
    expect(session.error).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/answer/) });
  });

  it('says "Getting the next question ready…" while the next turn waits for the rest of the guideline', async () => {
    // The rest of the guideline is written after the opening; it is held half-way, so the next turn must wait.
    const { service, session, engine } = setup(
      ['Hello! How have you operated PostgreSQL at scale?', '[NEXT] Thanks. How do you run a design review?'],
      { holdRest: true },
    );
    await session.begin(await created(service));
    expect(session.waiting).toBeNull();
    const sending = session.send('We partitioned tables.');
    await engine.held;
    await vi.waitFor(() => expect(session.waiting).toBe('Getting the next question ready…'));
    engine.release();
    await sending;
    expect(session.waiting).toBeNull();
    expect(session.messages.at(-1)?.text).toContain('design review');
  });

  it('shows the questions assessed so far while the feedback is written', async () => {
    const feedback = JSON.stringify({
      overallScore: 70,
      summary: 'Clear and concrete.',
      categories: { relevance: 7, depth: 6, structure: 7, clarity: 8, confidence: 7 },
      questions: [{ question: 1, score: 7, evidence: [], strengths: ['Specific'], improvements: [], sampleAnswer: 'At Acme…' }],
      strengths: ['Concrete'],
      improvements: ['Quantify'],
    });
    const firstAssessed = feedback.indexOf('}]') + 2;
    const { service, session, engine } = setup([
      'Hello! How have you operated PostgreSQL at scale?',
      '[NEXT] Thanks. How do you run a design review?',
      { text: feedback, holdAfterChars: firstAssessed },
    ]);
    await session.begin(await created(service));
    await session.send('We partitioned tables.');
    const finishing = session.finish();
    await engine.held;
    await vi.waitFor(() => expect(session.assessments.map((q) => q.score)).toEqual([7]));
    expect(session.status).toBe('finishing');
    engine.release();
    await finishing;
    expect(session.status).toBe('finished');
  });
});
