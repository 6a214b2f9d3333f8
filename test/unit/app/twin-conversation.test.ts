import { describe, expect, it, vi } from 'vitest';
import { TwinService, SAVED_ANSWER_LABEL, DEFAULT_TWIN_PROMPT, type TwinFileReaders } from '../../../src/app/twin-service';
import { RetrieverTwinRanker } from '../../../src/app/twin-ranker';
import { Bm25Retriever } from '../../../src/domain/retrieval/bm25-retriever';
import { createMemoryRepositories } from '../../../src/adapters/storage/memory-repositories';
import { parseQaCsv } from '../../../src/adapters/files/csv-import';
import { projectFromMarkdown } from '../../../src/adapters/files/project-markdown';
import { approximateTokenCounter } from '../../../src/domain/tokens';
import { RecordingChatEngine, type Reply } from '../../doubles/twin-recording-engine';
import { HashEmbedder } from '../../doubles/hash-embedder';
import type { TwinProfile } from '../../../src/domain/twin/types';
import type { ChatEngine } from '../../../src/ports/chat-engine';
import { AppError } from '../../../src/ports/errors';
import type { Embedder } from '../../../src/ports/ml';

const files: TwinFileReaders = {
  readQaCsv: async (file, makeId) => parseQaCsv(await file.text(), makeId),
  readProjectMarkdown: async (file) => projectFromMarkdown(await file.text(), file.name),
  readText: async (file) => ({ text: await file.text(), title: file.name }),
};

const CSV = [
  'Question,Answer',
  '"Tell me about yourself.","I am Ada, a compiler engineer who loves teaching."',
  '"What is your greatest weakness?","I over-prepare; I now timebox research."',
  '"Why do you want to leave your job?","I want to work on developer tools full time."',
  '"Describe a conflict with a coworker.","We disagreed on testing; we paired and agreed on a plan."',
  '"What are your salary expectations?","Market rate for a senior engineer."',
].join('\n');

function setup(reply: Reply, options: { contextWindow?: number; embedder?: Embedder; kind?: 'remote' | 'webllm' } = {}) {
  const repos = createMemoryRepositories();
  const engine = new RecordingChatEngine(reply, options.contextWindow ?? 4096, options.kind ?? 'remote');
  let n = 0;
  let time = 1_000;
  const service = new TwinService({
    engine: (): ChatEngine => engine,
    repos,
    ranker: new RetrieverTwinRanker(new Bm25Retriever(), options.embedder),
    files,
    clock: { now: () => ++time },
    newId: () => `id${++n}`,
    countTokens: approximateTokenCounter,
  });
  return { repos, engine, service };
}

async function readyProfile(service: TwinService): Promise<TwinProfile> {
  let profile = await service.createProfile('Ada');
  profile = (await service.importQaCsv(profile, new File([CSV], 'qa.csv'))).profile;
  profile = await service.saveProfile({
    ...profile,
    resume: 'Ada Lovelace. Compiler engineer at Acme. Built a Rust optimizer. Teaches workshops.',
  });
  profile = (
    await service.importProjects(profile, [
      new File(['# Rust optimizer\nTags: Rust, compilers\n\nA peephole optimizer.'], 'opt.md'),
      new File(['# Garden app\nTags: gardening\n\nTracks watering.'], 'garden.md'),
      new File(['# Teaching kit\nTags: teaching\n\nWorkshop slides about conflict and feedback.'], 'teach.md'),
    ])
  ).profile;
  return profile;
}

async function ask(
  service: TwinService,
  profile: TwinProfile,
  session: Awaited<ReturnType<TwinService['startSession']>>,
  messages: Awaited<ReturnType<TwinService['loadSession']>>['messages'],
  text: string,
  fresh = false,
) {
  const added = await service.addQuestion(session, messages, text, profile);
  const withQuestion = [...messages, added.message];
  const result = await service.answer(profile, added.session, withQuestion, { fresh });
  return { ...result, messages: [...withQuestion, result.message] };
}

describe('TwinService', () => {
  it('serves a saved answer without calling the model, and generates a fresh one on request', async () => {
    const { service, engine, repos } = setup('A fresh answer from the model.');
    const profile = await readyProfile(service);
    const session = await service.startSession(profile);
    const saved = await ask(service, profile, session, [], 'tell me about yourself');
    expect(engine.requests).toHaveLength(0);
    expect(saved.message).toMatchObject({
      source: 'saved-answer',
      engineLabel: SAVED_ANSWER_LABEL,
      text: 'I am Ada, a compiler engineer who loves teaching.',
    });
    expect(saved.inspect.savedMatch?.similarity).toBe(1);

    const fresh = await service.answer(profile, saved.session, saved.messages, { fresh: true });
    expect(engine.requests).toHaveLength(1);
    expect(fresh.message).toMatchObject({ source: 'model', text: 'A fresh answer from the model.', engineLabel: 'Test remote model' });
    // The model answers the question itself: the saved answer is not the last turn it sees.
    expect(engine.requests[0]?.messages.at(-1)).toEqual({ role: 'user', content: 'tell me about yourself' });
    const stored = await repos.messages.listBySession(session.id);
    expect(stored.map((m) => [m.role, m.source])).toEqual([
      ['user', undefined],
      ['assistant', 'saved-answer'],
      ['assistant', 'model'],
    ]);
  });

  it('Inspect marks the examples and projects that were only added to reach the minimum', async () => {
    const { service } = setup('Answer.');
    const profile = await readyProfile(service);
    const session = await service.startSession(profile);
    // No saved question and no project shares a word with this one.
    const out = await ask(service, profile, session, [], 'Zebra xylophone quantum?');
    expect(out.inspect.examples).toHaveLength(3);
    expect(out.inspect.examples.every((e) => !e.found && e.score === 0)).toBe(true);
    expect(out.inspect.projects).toHaveLength(2);
    expect(out.inspect.projects.every((p) => !p.found && p.tags?.length === 0)).toBe(true);
  });

  it('rebuilds the system message per question with the 3 closest pairs and 2 projects', async () => {
    const { service, engine } = setup('Answer.');
    const profile = await readyProfile(service);
    const session = await service.startSession(profile);
    const first = await ask(service, profile, session, [], 'How do you handle conflict when teaching Rust?');
    const system = engine.requests[0]?.messages[0];
    expect(system?.role).toBe('system');
    expect(system?.content.startsWith(DEFAULT_TWIN_PROMPT.replaceAll('{{name}}', 'Ada').slice(0, 40))).toBe(true);
    expect(system?.content).toContain('Compiler engineer at Acme');
    expect(first.inspect.examples).toHaveLength(3);
    expect(first.inspect.examples[0]?.item.question).toBe('Describe a conflict with a coworker.');
    expect(first.inspect.projects.map((p) => p.item.title).sort()).toEqual(['Rust optimizer', 'Teaching kit']);
    expect(system?.content).not.toContain('Garden app');
    expect(first.inspect.systemMessage).toBe(system?.content);

    // Inspect says why each item is there, not only a retriever score.
    expect(first.inspect.examples[0]).toMatchObject({ found: true });
    expect(first.inspect.examples[0]?.similarity).toBeGreaterThan(0);
    expect(first.inspect.projects.find((p) => p.item.title === 'Rust optimizer')).toMatchObject({ tags: ['Rust'] });

    await ask(service, profile, first.session, first.messages, 'Any gardening projects?');
    const second = engine.requests[1]?.messages[0]?.content ?? '';
    expect(second).toContain('Garden app');
    expect(second).not.toBe(system?.content);
  });

  it('summarizes old turns with the same engine when the history outgrows the window, keeping the system message first', async () => {
    const long = 'word '.repeat(150).trim();
    const { service, engine, repos } = setup(
      (request) => (request.messages[0]?.content.startsWith('You condense') ? 'Short summary of earlier talk.' : `Reply. ${long}`),
      {
        contextWindow: 1500,
      },
    );
    const profile = await readyProfile(service);
    let session = await service.startSession(profile);
    let messages: Awaited<ReturnType<TwinService['loadSession']>>['messages'] = [];
    for (let i = 0; i < 6; i++) {
      const out = await ask(service, profile, session, messages, `Question number ${i} about compilers and ${long}`);
      session = out.session;
      messages = out.messages;
    }
    const summaries = engine.requests.filter((r) => r.messages[0]?.content.startsWith('You condense'));
    expect(summaries.length).toBeGreaterThan(0);
    const last = engine.requests.at(-1)!;
    expect(last.messages[0]?.role).toBe('system');
    expect(last.messages[0]?.content).toContain("## Ada's resume");
    expect(last.messages.some((m) => m.content.includes('Short summary of earlier talk.'))).toBe(true);
    expect((await repos.sessions.get(session.id))?.summary?.text).toBe('Short summary of earlier talk.');
  });

  it('stops politely with budget-exhausted when a remote budget is used up, and never for local engines', async () => {
    const { service, repos } = setup('An answer that uses some tokens.');
    await repos.settings.put({ ...(await repos.settings.get()), remoteTokenBudget: 600 });
    const profile = await readyProfile(service);
    const session = await service.startSession(profile);
    const error = await ask(service, profile, session, [], 'What did you build at Acme?').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('budget-exhausted');

    const local = setup('Fine.', { kind: 'webllm' });
    await local.repos.settings.put({ ...(await local.repos.settings.get()), remoteTokenBudget: 600 });
    const p2 = await readyProfile(local.service);
    const out = await ask(local.service, p2, await local.service.startSession(p2), [], 'What did you build at Acme?');
    expect(out.message.text).toBe('Fine.');
    expect(out.session.usage.totalTokens).toBeGreaterThan(0);
  });

  it('uses embeddings for the saved-answer threshold when an embedder is given', async () => {
    const { service, engine, repos } = setup('Model.', { embedder: new HashEmbedder() });
    await repos.settings.put({ ...(await repos.settings.get()), savedAnswerThreshold: 0.55 });
    const profile = await readyProfile(service);
    const session = await service.startSession(profile);
    const close = await ask(service, profile, session, [], 'What is your biggest weakness?');
    expect(close.message.source).toBe('saved-answer');
    expect(close.inspect.savedMatch?.pair.question).toBe('What is your greatest weakness?');
    expect(close.inspect.savedMatch!.similarity).toBeGreaterThanOrEqual(0.55);
    expect(close.inspect.savedMatch!.similarity).toBeLessThan(1);
    await ask(service, profile, close.session, close.messages, 'Which compilers have you optimized?');
    expect(engine.requests).toHaveLength(1);
  });

  it('keeps a partial reply when the stream fails midway, and reports the error', async () => {
    const { service, repos } = setup(new AppError('remote-network', 'Network lost.'));
    const profile = await readyProfile(service);
    const session = await service.startSession(profile);
    const error = await ask(service, profile, session, [], 'Which compilers have you optimized?').catch((e: unknown) => e);
    expect((error as AppError).code).toBe('remote-network');
    const stored = await repos.messages.listBySession(session.id);
    expect(stored.map((m) => m.role)).toEqual(['user']);
  });

  it('keeps the reply on disk while it streams, so a reload mid-answer loses nothing shown', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { service, repos, engine } = setup('unused');
      let release = () => {};
      const held = new Promise<void>((done) => (release = done));
      let reachedHold = () => {};
      const atHold = new Promise<void>((done) => (reachedHold = done));
      // Streams three pieces, then stalls until released: the page could go away at that moment.
      engine.stream = async function* () {
        for (const text of ['I optimized ', 'LLVM passes ', 'at Acme']) {
          await Promise.resolve();
          yield { text };
        }
        reachedHold();
        await held;
        yield { text: ' for two years.' };
        yield { finishReason: 'stop' };
      };
      const profile = await readyProfile(service);
      const session = await service.startSession(profile);
      const answering = ask(service, profile, session, [], 'Which compilers have you optimized?', true);
      await atHold;
      await vi.advanceTimersByTimeAsync(1000);
      const during = await repos.messages.listBySession(session.id);
      expect(during.map((m) => [m.role, m.incomplete, m.text])).toEqual([
        ['user', undefined, 'Which compilers have you optimized?'],
        ['assistant', true, 'I optimized LLVM passes at Acme'],
      ]);
      release();
      const { message } = await answering;
      const after = await repos.messages.listBySession(session.id);
      expect(after).toHaveLength(2);
      expect(after[1]).toEqual(message);
      expect(message).toMatchObject({ id: during[1]!.id, text: 'I optimized LLVM passes at Acme for two years.' });
      expect(message.incomplete).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('exports and imports a twin pack without touching existing profiles', async () => {
    const { service } = setup('x');
    const profile = await readyProfile(service);
    const { json, fileName } = service.exportPack(profile);
    expect(fileName).toBe('ada.rehearse-twin.json');
    const copy = await service.importPack(json);
    expect(copy.id).not.toBe(profile.id);
    expect(copy.name).toBe('Ada (imported)');
    expect(copy.qa).toEqual(profile.qa);
    await expect(service.importPack('{"format":"rehearse-twin-pack","version":9}')).rejects.toThrow(/newer version/);
    expect(await service.listProfiles()).toHaveLength(2);
  });

  it('proposes questions from the resume once and caches them on the profile', async () => {
    const { service, engine } = setup('1. What did you optimize at Acme?\n2. How do you run workshops?');
    const profile = await readyProfile(service);
    const next = await service.proposeQuestions(profile);
    expect(next.suggestedQuestions?.questions).toEqual(['What did you optimize at Acme?', 'How do you run workshops?']);
    expect(engine.requests[0]?.messages[0]?.content).toContain('Compiler engineer at Acme');
    await service.proposeQuestions(next);
    expect(engine.requests).toHaveLength(1);
    expect((await service.listProfiles())[0]?.suggestedQuestions?.questions).toHaveLength(2);
  });
});
