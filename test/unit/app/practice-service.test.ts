import { describe, expect, it, vi } from 'vitest';
import { PracticeService, type PracticeServiceDeps } from '../../../src/app/practice/practice-service';
import { guidelineShortfall } from '../../../src/app/practice/preparation';
import type { ChatEngine, ChatRequest } from '../../../src/ports/chat-engine';
import type { Retriever } from '../../../src/ports/vector-store';
import { AppError } from '../../../src/domain/errors';
import type { PracticeSetup } from '../../../src/domain/records';
import { approximateTokenCounter } from '../../doubles/approximate-token-counter';
import { chunkText } from '../../../src/domain/retrieval/chunking';
import { Bm25Retriever } from '../../../src/domain/retrieval/bm25-retriever';
import { ScriptedChatEngine, type Script } from '../../doubles/scripted-chat-engine';
import { createMemoryRepositories, type MemoryRepositories } from '../../doubles/memory-repositories';
import { textCoverage } from '../helpers/text-coverage';

const JD = `Senior Backend Engineer
- Build services in Go and TypeScript.
- Operate PostgreSQL at scale.
- Mentor junior engineers and lead design reviews.`;

const setup: PracticeSetup = { jobDescription: JD, resume: '', type: 'professional', questionCount: 2, style: 'neutral', language: 'en' };

const GUIDELINE = JSON.stringify({
  questions: [
    { text: 'How have you operated PostgreSQL at scale?', topic: 'Databases', requirement: 'Operate PostgreSQL at scale.' },
    { text: 'How do you run a design review?', topic: 'Leadership', requirement: 'lead design reviews' },
  ],
});

const FEEDBACK = JSON.stringify({
  overallScore: 70,
  summary: 'Clear and concrete.',
  categories: { relevance: 7, depth: 6, structure: 7, clarity: 8, confidence: 7 },
  questions: [
    {
      question: 1,
      score: 7,
      evidence: ['we partitioned the orders table', 'I single-handedly saved the company'],
      strengths: ['Specific'],
      improvements: ['Give numbers'],
      sampleAnswer: 'At Acme…',
    },
    { question: 2, score: 6, evidence: [], strengths: [], improvements: [], sampleAnswer: 'I start with…' },
  ],
  strengths: ['Concrete'],
  improvements: ['Quantify'],
});

type Kind = 'guideline' | 'feedback' | 'repair' | 'summary' | 'turn';
/** By the newest message: the guideline is asked inside the interview's conversation, so earlier ones hold its requests too. */
function kindOf(request: ChatRequest): Kind {
  const asked = request.messages.at(-1)!.content;
  if (asked.includes('Your previous reply could not be used')) return 'repair';
  if (asked.includes('Write the guideline')) return 'guideline';
  if (asked.includes('interview coach')) return 'feedback';
  if (asked.includes('Summarize the conversation')) return 'summary';
  return 'turn';
}

/** The newest interviewer-turn request (background work, such as the rest of the guideline, may come after it). */
const lastTurn = (engine: ScriptedChatEngine) => engine.requests.filter((r) => kindOf(r) === 'turn').at(-1)!;

/** Replies by request kind; interviewer turns come from `turns` in order. */
function scripted(
  turns: Script[],
  overrides: Partial<Record<Exclude<Kind, 'turn'>, Script[]>> = {},
  options: { id?: string; contextWindow?: number } = {},
) {
  const queues: Record<string, Script[]> = {
    turn: [...turns],
    guideline: overrides.guideline ?? [GUIDELINE],
    feedback: overrides.feedback ?? [FEEDBACK],
    repair: overrides.repair ?? [],
    summary: overrides.summary ?? ['They discussed PostgreSQL.'],
  };
  return new ScriptedChatEngine((request) => {
    const kind = kindOf(request);
    const next = queues[kind]?.shift() ?? (kind === 'guideline' ? restOfGuideline(request) : undefined);
    if (next === undefined) throw new Error(`unexpected ${kind} request`);
    return next;
  }, options);
}

/**
 * The guideline's second step (after the scripted replies are used up): GUIDELINE's questions
 * the request does not name as already planned, as a model told which exist would write them.
 */
function restOfGuideline(request: ChatRequest): string {
  const prompt = request.messages.at(-1)!.content;
  const questions = (JSON.parse(GUIDELINE) as { questions: { text: string }[] }).questions.filter((q) => !prompt.includes(q.text));
  return JSON.stringify({ questions });
}

function makeService(
  engine: ChatEngine | (() => ChatEngine),
  repos: MemoryRepositories = createMemoryRepositories(),
  extra: Partial<PracticeServiceDeps> = {},
) {
  let t = 1000;
  let id = 0;
  const retriever = new Bm25Retriever();
  const deps: PracticeServiceDeps = {
    engine: typeof engine === 'function' ? engine : () => engine,
    repos,
    retriever,
    chunk: (text) => chunkText(text),
    clock: { now: () => (t += 10) },
    ids: () => `id${++id}`,
    tokenCounter: async () => approximateTokenCounter,
    ...extra,
  };
  return { service: new PracticeService(deps), repos, retriever };
}

async function prepared(engine: ScriptedChatEngine, repos?: MemoryRepositories) {
  const made = makeService(engine, repos);
  const session = await made.service.createSession(setup);
  await made.service.prepare(session.id);
  return { ...made, session };
}

describe('PracticeService.createSession', () => {
  it('refuses an empty job description and a resume interview without a resume', async () => {
    const { service } = makeService(scripted([]));
    await expect(service.createSession({ ...setup, jobDescription: '  \n ' })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/job description/),
    });
    await expect(service.createSession({ ...setup, type: 'resume' })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/resume/),
    });
    await expect(service.createSession({ ...setup, questionCount: 0 })).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('stores the session with its job description and resume once, in its setup', async () => {
    const { service, repos } = makeService(scripted([]));
    const session = await service.createSession({ ...setup, resume: 'Go developer at Acme.' });
    expect(await repos.sessions.get(session.id)).toMatchObject({
      mode: 'practice',
      status: 'preparing',
      title: 'Professional · Senior Backend Engineer',
    });
    expect((await repos.sessions.get(session.id))?.setup).toMatchObject({ jobDescription: JD, resume: 'Go developer at Acme.' });
    expect(await repos.documents.listBySession(session.id)).toEqual([]);
  });
});

describe('PracticeService.prepare', () => {
  it('indexes a 100 KB job description whole (chunked, not truncated) and grounds the guideline in retrieved passages', async () => {
    const engine = scripted([]);
    const { service, retriever } = makeService(engine);
    const lines = Array.from({ length: 1400 }, (_, i) => `- Requirement number ${i} about skill${i} and tools.`);
    lines.push('- Final line: experience with Kubernetes operators.');
    const big = lines.join('\n');
    expect(big.length).toBeGreaterThan(70_000);
    const indexed: string[] = [];
    const index = retriever.index.bind(retriever);
    vi.spyOn(retriever, 'index').mockImplementation(async (ns, chunks, onProgress) => {
      indexed.push(...chunks.map((c) => c.text));
      return index(ns, chunks, onProgress);
    });
    const session = await service.createSession({ ...setup, jobDescription: big });
    const progress: string[] = [];
    const ready = await service.prepare(session.id, (e) => progress.push(e.label));
    expect(indexed.join('\n')).toContain('Final line: experience with Kubernetes operators.');
    expect(indexed.join('').length).toBeGreaterThanOrEqual(big.replace(/\n/g, '').length * 0.95);
    // Question 1 only: the rest is written after the opening, while the candidate answers.
    expect(ready.guideline?.questions).toHaveLength(1);
    expect(ready.guideline?.groundedIn.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe('Ready');
    // The guideline prompt carries retrieved passages, bounded by the context window (not the whole JD).
    const guidelineRequest = engine.requests[0]!.messages.at(-1)!.content;
    expect(guidelineRequest.length).toBeLessThan(big.length / 2);
  });

  it('indexes a 1 MB job description with emoji, RTL and CJK text whole, and stores it unchanged', async () => {
    const engine = scripted([]);
    const { service, retriever, repos } = makeService(engine);
    const lines: string[] = [];
    for (let i = 0, size = 0; size < 1_048_576; i++) {
      const line = `- Req ${i}: 🚀 خبرة في الأنظمة ${i} — 熟悉分布式系统${i} — PostgreSQL tuning ${i}.`;
      lines.push(line);
      size += line.length + 1;
    }
    lines.push('- Final line: 数据库运维 and Kubernetes operators 👩‍💻.');
    const big = lines.join('\n');
    expect(big.length).toBeGreaterThan(1_048_576);
    const indexed = new Map<string, string[]>();
    const index = retriever.index.bind(retriever);
    vi.spyOn(retriever, 'index').mockImplementation(async (ns, chunks, onProgress) => {
      for (const c of chunks) indexed.set(c.documentId, [...(indexed.get(c.documentId) ?? []), c.text]);
      return index(ns, chunks, onProgress);
    });
    const session = await service.createSession({ ...setup, jobDescription: big });
    await service.prepare(session.id);
    const jd = [...indexed.values()].find((texts) => texts.some((t) => t.includes('- Req 0:')));
    expect(jd).toBeDefined();
    const all = jd!.join('\n');
    expect(all).toContain('Final line: 数据库运维 and Kubernetes operators 👩‍💻.');
    expect(all).toContain('- Req 0: 🚀 خبرة في الأنظمة 0 — 熟悉分布式系统0');
    // Whole means every character of the text lies in some chunk, in order and unchanged. Chunks
    // overlap, so their total length would hide a dropped chunk: coverage is counted on the text.
    const coverage = textCoverage(big, jd!);
    expect(coverage.foreign).toEqual([]);
    expect(coverage.firstGap).toBeUndefined();
    expect(coverage.covered).toBe(coverage.total);
    expect((await repos.sessions.get(session.id))?.setup).toMatchObject({ jobDescription: big });
  }, 60_000);

  it('says the search model is downloading while the first indexing waits for it', async () => {
    const words = new Bm25Retriever();
    const index = words.index.bind(words);
    let first = true;
    // A retriever whose search model is still downloading when the first indexing starts.
    const retriever: Retriever = {
      index: async (namespace, chunks, onProgress) => {
        if (first) onProgress?.(0, chunks.length, { label: 'Downloading model.onnx', fraction: 0.4, phase: 'download' });
        first = false;
        return index(namespace, chunks, onProgress);
      },
      search: (namespaces, query) => words.search(namespaces, query),
      drop: (namespace) => words.drop(namespace),
    };
    const { service } = makeService(scripted([]), createMemoryRepositories(), { retriever });
    const session = await service.createSession(setup);
    const labels: string[] = [];
    await service.prepare(session.id, (event) => labels.push(event.label));
    expect(labels).toContain('Downloading the search model (first time only): 40%');
    expect(labels.indexOf('Downloading the search model (first time only): 40%')).toBeLessThan(
      labels.indexOf('Writing your first question'),
    );
  });

  it('asks for a repair once when the guideline JSON is invalid', async () => {
    const engine = scripted([], { guideline: ['Sure! Here are questions: 1. Why?'], repair: ['```json\n' + GUIDELINE + '\n```'] });
    const { session, service } = await prepared(engine);
    expect(engine.requests.map(kindOf)).toEqual(['guideline', 'repair']);
    expect(engine.requests[1]!.messages.at(-1)!.content).toContain('Sure! Here are questions');
    expect(service.interview?.session.guideline?.questions[0]?.text).toBe('How have you operated PostgreSQL at scale?');
    // Grounded in the real chunk ids of the session's job description (session id1).
    expect(service.interview?.session.guideline?.groundedIn[0]).toBe('id1:jd:0');
    expect(session.status).toBe('preparing');
  });

  it('fails with invalid-model-output after the repair also fails', async () => {
    const engine = scripted([], { guideline: ['nope'], repair: ['{"questions": []}'] });
    const { service } = makeService(engine);
    const session = await service.createSession(setup);
    await expect(service.prepare(session.id)).rejects.toMatchObject({
      code: 'invalid-model-output',
      message: expect.stringMatching(/second try/),
    });
  });
});

describe('PracticeService interview', () => {
  it('sends every turn as a continuation of the previous request: same system message, earlier turns byte for byte, replies as generated', async () => {
    const replies = [
      'Hello! Welcome. How have you operated PostgreSQL at scale?  ',
      '[FOLLOW-UP] What was the largest table?',
      '[NEXT] Thanks. How do you run a design review?',
      '[NEXT] Thank you, that is the end of the interview.',
    ];
    const engine = scripted([...replies]);
    const { service } = await prepared(engine);
    await service.start();
    await service.answer('We partitioned the orders table by month.');
    await service.answer('About 2 TB.');
    await service.answer('I write a short doc first and invite dissent.');
    const turns = engine.requests.filter((r) => kindOf(r) === 'turn');
    expect(turns).toHaveLength(4);
    // Every request, the guideline's two steps included, continues the one before it: the
    // previous request, then its reply exactly as the engine wrote it (marker and trailing
    // spaces included), then one new user message.
    // (The feedback, written after the closing, is a request of its own: the interview is over.)
    const inConversation = engine.requests.filter((r) => kindOf(r) !== 'feedback');
    const requests = inConversation.map((r) => r.messages);
    expect(inConversation.map(kindOf)).toEqual(['guideline', 'turn', 'guideline', 'turn', 'turn', 'turn']);
    const repliesInOrder = [GUIDELINE, replies[0], restOfGuideline(inConversation[2]!), replies[1], replies[2], replies[3]];
    for (let i = 1; i < requests.length; i++) {
      const previous = requests[i - 1]!;
      const next = requests[i]!;
      expect(next.slice(0, previous.length)).toEqual(previous);
      expect(next[previous.length]).toEqual({ role: 'assistant', content: repliesInOrder[i - 1] });
      expect(next).toHaveLength(previous.length + 2);
    }
    // The turn instruction travels in the newest message, never in the system message.
    for (const turn of turns) expect(turn.messages.at(-1)!.content).toMatch(/Note for the interviewer/);
    expect(turns[0]!.messages[0]!.content).not.toMatch(/Note for the interviewer/);
    // What the candidate sees is filtered; what the engine gets back is not.
    expect(service.interview?.messages[2]).toMatchObject({ text: 'What was the largest table?', sent: replies[1] });
  });

  it('runs a whole interview: greeting, follow-up, next question, closing, feedback', async () => {
    const engine = scripted([
      'Hello! Welcome. How have you operated PostgreSQL at scale?',
      '[FOLLOW-UP] What was the largest table?',
      '[NEXT] Thanks. How do you run a design review?',
      '[NEXT] Thank you, that is the end of the interview.',
    ]);
    const { service, repos, session } = await prepared(engine);
    const deltas: string[] = [];
    const greeting = await service.start({ onDelta: (d) => deltas.push(d) });
    expect(greeting).toMatchObject({
      role: 'assistant',
      kind: 'greeting',
      questionIndex: 0,
      engineId: 'scripted:test-model',
      engineLabel: 'Scripted test model',
      index: 0,
    });
    expect(greeting.incomplete).toBeUndefined();
    expect(deltas.join('')).toBe(greeting.text);
    expect(lastTurn(engine).messages[0]!.content).toContain('<job_description>');

    const followUp = await service.answer('We partitioned the orders table by month.');
    expect(followUp).toMatchObject({ kind: 'follow-up', questionIndex: 0, text: 'What was the largest table?' });
    const next = await service.answer('About 2 TB.');
    expect(next).toMatchObject({ kind: 'question', questionIndex: 1, text: 'Thanks. How do you run a design review?' });
    const closing = await service.answer('I write a short doc first and invite dissent.');
    expect(closing).toMatchObject({ kind: 'closing' });
    expect(service.interview?.state.phase).toBe('closed');
    await expect(service.answer('one more thing')).rejects.toMatchObject({ code: 'invalid-input' });

    const finished = await service.finish();
    expect(finished.status).toBe('finished');
    expect(finished.feedback?.questions[0]?.evidence).toEqual(['We partitioned the orders table']);
    expect(finished.feedback?.questions.map((q) => q.questionId)).toEqual(['q1', 'q2']);
    const stored = await repos.sessions.get(session.id);
    expect(stored?.feedback?.overallScore).toBe(70);
    const messages = await repos.messages.listBySession(session.id);
    expect(messages.map((m) => `${m.role}:${m.kind}`)).toEqual([
      'assistant:greeting',
      'user:answer',
      'assistant:follow-up',
      'user:answer',
      'assistant:question',
      'user:answer',
      'assistant:closing',
    ]);
    expect(messages.map((m) => m.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // The feedback request lists only answered questions and carries all answers.
    const feedbackPrompt = engine.requests.find((r) => kindOf(r) === 'feedback')!.messages.at(-1)!.content;
    expect(feedbackPrompt).toContain('About 2 TB.');
  });

  it('writes the answer before the request is sent', async () => {
    const repos = createMemoryRepositories();
    let sawAnswer = false;
    const engine = new ScriptedChatEngine((request) => {
      const kind = kindOf(request);
      if (kind === 'guideline') return GUIDELINE;
      if (request.messages.some((m) => m.content.startsWith('My answer.'))) {
        sawAnswer = repos.writes.some((w) => w.store === 'messages' && (w.value as { text: string }).text === 'My answer.');
        return '[NEXT] How do you run a design review?';
      }
      return 'Hi! How have you operated PostgreSQL at scale?';
    });
    const { service } = await prepared(engine, repos);
    await service.start();
    await service.answer('My answer.');
    expect(sawAnswer).toBe(true);
  });

  it('enforces at most two follow-ups per question in code', async () => {
    const engine = scripted([
      'Hi! How have you operated PostgreSQL at scale?',
      '[FOLLOW-UP] Which version?',
      '[FOLLOW-UP] Why that one?',
      '[FOLLOW-UP] Anything else?',
    ]);
    const { service } = await prepared(engine);
    await service.start();
    await service.answer('a1');
    await service.answer('a2');
    const third = await service.answer('a3');
    expect(third).toMatchObject({ kind: 'question', questionIndex: 1 });
    const lastSystem = engine.requests.at(-1)!.messages.at(-1)!.content;
    expect(lastSystem).toContain('Do not ask a follow-up');
    expect(lastSystem).toContain('How do you run a design review?');
  });

  it('regenerates once when the reply repeats an earlier question', async () => {
    const engine = scripted([
      'Hi! How have you operated PostgreSQL at scale?',
      '[NEXT] So, how have you operated PostgreSQL at scale?',
      '[NEXT] How do you run a design review?',
    ]);
    const { service } = await prepared(engine);
    await service.start();
    const resets = vi.fn();
    const reply = await service.answer('We sharded.', { onReset: resets });
    expect(reply.text).toBe('How do you run a design review?');
    expect(resets).toHaveBeenCalledTimes(1);
    expect(engine.requests.at(-1)!.messages.at(-1)!.content).toContain('repeated a question');
    expect(service.interview?.messages.filter((m) => m.role === 'assistant')).toHaveLength(2);
  });

  it('stop keeps the partial reply marked incomplete; retry replaces it in place', async () => {
    const engine = scripted([
      { text: 'Hello! Welcome to the interview. How have you operated PostgreSQL at scale?', holdAfterChars: 21 },
      'Hello again! How have you operated PostgreSQL at scale?',
    ]);
    const { service, repos, session } = await prepared(engine);
    const started = service.start();
    await engine.held;
    service.stop();
    await expect(started).rejects.toMatchObject({ code: 'aborted' });
    const [partial] = await repos.messages.listBySession(session.id);
    expect(partial).toMatchObject({ incomplete: true, text: 'Hello! Welcome to the' });
    const retried = await service.retry();
    expect(retried).toMatchObject({
      id: partial!.id,
      index: 0,
      kind: 'greeting',
      text: 'Hello again! How have you operated PostgreSQL at scale?',
    });
    expect(retried.incomplete).toBeUndefined();
    expect(await repos.messages.listBySession(session.id)).toHaveLength(1);
  });

  it('a cut stream keeps the partial text and reports the engine error; the answer can still be given', async () => {
    const engine = scripted([
      { text: 'Hello! How have you operated PostgreSQL at scale?', failAfterChars: 28 },
      '[NEXT] How do you run a design review?',
    ]);
    const { service, repos, session } = await prepared(engine);
    await expect(service.start()).rejects.toMatchObject({ code: 'remote-network' });
    expect((await repos.messages.listBySession(session.id))[0]).toMatchObject({ incomplete: true, text: 'Hello! How have you operated' });
    const next = await service.answer('We used read replicas.');
    expect(next).toMatchObject({ kind: 'question', questionIndex: 1 });
  });

  it('an empty or blank model reply is an invalid-model-output error that says to retry; Retry then works', async () => {
    const engine = scripted(['', '  \n ', 'Hello! How have you operated PostgreSQL at scale?']);
    const { service, repos, session } = await prepared(engine);
    await expect(service.start()).rejects.toMatchObject({
      code: 'invalid-model-output',
      message: expect.stringMatching(/empty reply.*Retry/),
    });
    expect(await repos.messages.listBySession(session.id)).toHaveLength(0);
    await expect(service.retry()).rejects.toMatchObject({ code: 'invalid-model-output' });
    const greeting = await service.retry();
    expect(greeting).toMatchObject({ kind: 'greeting', text: 'Hello! How have you operated PostgreSQL at scale?' });
    expect(greeting.incomplete).toBeUndefined();
    // The blank draft was replaced in place, not left in the history.
    expect((await repos.messages.listBySession(session.id)).map((m) => m.text)).toEqual([greeting.text]);
  });

  it('an endless reply is bounded by maxTokens; a reply cut by the limit is kept and the interview goes on', async () => {
    const endless = 'Hello! How have you operated PostgreSQL at scale? ' + 'And also, '.repeat(20_000) + 'and so on';
    const engine = scripted([{ text: endless, pieceSize: 997, finishReason: 'length' }, '[NEXT] How do you run a design review?']);
    const { service, repos, session } = await prepared(engine);
    const greeting = await service.start();
    expect(lastTurn(engine).maxTokens).toBeGreaterThan(0);
    expect(lastTurn(engine).maxTokens).toBeLessThanOrEqual(1024);
    expect(greeting).toMatchObject({ kind: 'greeting', text: endless });
    expect(service.interview?.state.phase).toBe('awaiting-answer');
    const next = await service.answer('We used read replicas.');
    expect(next).toMatchObject({ kind: 'question', questionIndex: 1 });
    expect(await repos.messages.listBySession(session.id)).toHaveLength(3);
  });

  it('resumes after a reload, marking a reply that was mid-stream as incomplete', async () => {
    const repos = createMemoryRepositories();
    const engine = scripted([
      'Hi! How have you operated PostgreSQL at scale?',
      { text: '[NEXT] How do you run a design review?', holdAfterChars: 14 },
    ]);
    const first = await prepared(engine, repos);
    await first.service.start();
    const pending = first.service.answer('We sharded by tenant.');
    await engine.held;
    // The page goes away here; the held stream is never finished.
    const later = makeService(scripted(['[NEXT] How do you run a design review?']), repos).service;
    const snapshot = await later.resume(first.session.id);
    expect(snapshot.messages.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant']);
    expect(snapshot.messages[2]).toMatchObject({ incomplete: true });
    expect(snapshot.state.phase).toBe('awaiting-reply');
    const reply = await later.retry();
    expect(reply).toMatchObject({ kind: 'question', questionIndex: 1, index: 2 });
    first.service.stop();
    await pending.catch(() => undefined);
  });

  it('writes text that arrived between throttled writes once the stream stalls, so a crash keeps what was shown', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const repos = createMemoryRepositories();
      const engine = scripted([
        'Hi! How have you operated PostgreSQL at scale?',
        { text: '[NEXT] Thank you. How do you run a design review with a new team?', holdAfterChars: 50 },
      ]);
      const { service, session } = await prepared(engine, repos);
      await service.start();
      let shown = '';
      const pending = service.answer('We sharded by tenant.', { onDelta: (text) => (shown += text) });
      await engine.held;
      const stored = async () => (await repos.messages.listBySession(session.id)).at(-1)!;
      // The first write happened when the reply started; later pieces came within the throttle window.
      expect((await stored()).text.length).toBeLessThan(shown.length);
      await vi.advanceTimersByTimeAsync(1000);
      expect(await stored()).toMatchObject({ role: 'assistant', incomplete: true, text: shown });
      engine.release();
      const reply = await pending;
      expect(reply.text).toBe('Thank you. How do you run a design review with a new team?');
      expect(await stored()).toEqual(reply);
      // No write is left to fire after completion and turn the reply back into an incomplete one.
      await vi.advanceTimersByTimeAsync(5000);
      expect((await stored()).incomplete).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts usage from the engine when reported, else with the token counter', async () => {
    const engine = scripted([
      { text: 'Hi! How have you operated PostgreSQL at scale?', usage: { promptTokens: 100, completionTokens: 12, totalTokens: 112 } },
    ]);
    const { service } = await prepared(engine);
    const before = service.interview!.session.usage.totalTokens;
    expect(before).toBeGreaterThan(0);
    await service.start();
    expect(service.interview!.session.usage.totalTokens).toBe(before + 112);
  });

  it('a remote token budget from Settings applies to interview turns: a turn that would pass it is refused before any request, with what to do', async () => {
    const engine = scripted(['Hi! How have you operated PostgreSQL at scale?']);
    let budget = 0;
    const { service } = makeService(engine, createMemoryRepositories(), { remoteTokenBudget: () => budget });
    const session = await service.createSession(setup);
    await service.prepare(session.id);
    budget = service.interview!.session.usage.totalTokens + 100;
    const requests = engine.requests.length;
    await expect(service.start()).rejects.toMatchObject({
      code: 'budget-exhausted',
      message: expect.stringMatching(/Start a new interview, raise the budget in Settings/),
    });
    expect(engine.requests).toHaveLength(requests);
    budget = 0;
    await expect(service.retry()).resolves.toMatchObject({ kind: 'greeting' });
  });

  it('records an engine switch mid-interview', async () => {
    const a = scripted(['Hi! How have you operated PostgreSQL at scale?'], {}, { id: 'engine-a' });
    const b = scripted(['[NEXT] How do you run a design review?'], {}, { id: 'engine-b' });
    let engine: ChatEngine = a;
    const { service } = makeService(() => engine);
    const session = await service.createSession(setup);
    await service.prepare(session.id);
    await service.start();
    engine = b;
    const reply = await service.answer('Partitioning.');
    expect(reply.engineId).toBe('engine-b');
    expect(service.interview!.session.engines.map((e) => e.engineId)).toEqual(['engine-a', 'engine-b']);
  });

  it('summarizes the oldest turns when the conversation outgrows a small context window', async () => {
    const long = 'detail '.repeat(300);
    const engine = scripted(
      ['Hi! How have you operated PostgreSQL at scale?', '[FOLLOW-UP] Which part was hardest?', '[FOLLOW-UP] And the outcome?'],
      {},
      { contextWindow: 2000 },
    );
    const { service } = await prepared(engine);
    await service.start();
    await service.answer(`First: ${long}`);
    await service.answer(`Second: ${long}`);
    const last = lastTurn(engine);
    expect(engine.requests.some((r) => kindOf(r) === 'summary')).toBe(true);
    expect(last.messages[0]!.role).toBe('system');
    expect(last.messages.some((m) => m.content.startsWith('Summary of the earlier part'))).toBe(true);
    expect(last.messages.at(-1)!.content).toContain('Second:');
  });

  it('finish refuses while nothing has been answered', async () => {
    const engine = scripted(['Hi! How have you operated PostgreSQL at scale?']);
    const { service } = await prepared(engine);
    await service.start();
    await expect(service.finish()).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/Answer at least one/) });
  });
});

describe('PracticeService.finish', () => {
  it('repairs invalid feedback once and never invents a score', async () => {
    const engine = scripted(['Hi! How have you operated PostgreSQL at scale?', '[NEXT] Thanks, that is all for today.'], {
      feedback: ['{"overallScore": 500}'],
      repair: ['not json either'],
    });
    const { service, repos, session } = await prepared(engine);
    await service.start();
    // One question only in this guideline slice: answer, then finish early.
    await service.answer('We partitioned the orders table.');
    await expect(service.finish()).rejects.toMatchObject({
      code: 'invalid-model-output',
      message: expect.stringMatching(/answers are saved/),
    });
    expect((await repos.sessions.get(session.id))?.feedback).toBeUndefined();
    expect(engine.requests.map(kindOf).slice(-2)).toEqual(['feedback', 'repair']);
  });

  it('assesses only answered questions when finishing early', async () => {
    const single = JSON.stringify({ ...JSON.parse(FEEDBACK), questions: [JSON.parse(FEEDBACK).questions[0]] });
    const engine = scripted(['Hi! How have you operated PostgreSQL at scale?', '[NEXT] How do you run a design review?'], {
      feedback: [single],
    });
    const { service } = await prepared(engine);
    await service.start();
    await service.answer('We partitioned the orders table by month.');
    const done = await service.finish();
    expect(done.feedback?.questions.map((q) => q.questionId)).toEqual(['q1']);
  });

  it('turns an engine failure into its AppError', async () => {
    const engine = scripted(['Hi! How have you operated PostgreSQL at scale?', '[NEXT] How do you run a design review?'], {
      feedback: [{ text: '', fail: new AppError('remote-rate-limited', 'Too many requests. Wait a minute and try again.') }],
    });
    const { service } = await prepared(engine);
    await service.start();
    await service.answer('An answer.');
    await expect(service.finish()).rejects.toMatchObject({ code: 'remote-rate-limited' });
  });
});

describe('PracticeService and the interview language', () => {
  const germanSetup: PracticeSetup = { ...setup, language: 'de' };
  const ENGLISH_GUIDELINE = JSON.stringify({
    questions: [
      {
        text: 'Tell me about a time you had to operate PostgreSQL at scale. What happened, and what did you learn from it?',
        topic: 'Databases',
        requirement: 'Operate PostgreSQL at scale.',
      },
      {
        text: 'Describe a design review you led where the team disagreed. What did you do to reach a decision?',
        topic: 'Leadership',
        requirement: 'lead design reviews',
      },
    ],
  });
  const GERMAN_GUIDELINE = JSON.stringify({
    questions: [
      {
        text: 'Wie haben Sie PostgreSQL in großem Maßstab betrieben, und was ist dabei schiefgegangen?',
        topic: 'Datenbanken',
        requirement: 'Operate PostgreSQL at scale.',
      },
      {
        text: 'Wie leiten Sie ein Design-Review, und wie gehen Sie mit Meinungsverschiedenheiten im Team um?',
        topic: 'Führung',
        requirement: 'lead design reviews',
      },
    ],
  });
  const GREETING_DE =
    'Willkommen zu unserem Gespräch. Wie haben Sie PostgreSQL in großem Maßstab betrieben, und was ist dabei schiefgegangen?';
  const GREETING_EN =
    'Welcome, and thank you for taking the time to talk with me today. To start, how have you operated PostgreSQL at scale, and what went wrong along the way?';

  async function preparedGerman(engine: ScriptedChatEngine) {
    const made = makeService(engine);
    const session = await made.service.createSession(germanSetup);
    await made.service.prepare(session.id);
    return { ...made, session };
  }

  it('asks for a repair when the questions come back in another language, and says which', async () => {
    const engine = scripted([], { guideline: [ENGLISH_GUIDELINE], repair: [GERMAN_GUIDELINE] });
    const { service } = await preparedGerman(engine);
    expect(engine.requests.map(kindOf)).toEqual(['guideline', 'repair']);
    expect(engine.requests[1]!.messages.at(-1)!.content).toContain('Every question must be written in German, not in English.');
    expect(service.interview?.session.guideline?.questions[0]?.text).toMatch(/^Wie haben Sie PostgreSQL/);
  });

  it('asks once more when a reply is in the wrong language, and shows only the second reply', async () => {
    const engine = scripted([GREETING_EN, GREETING_DE], { guideline: [GERMAN_GUIDELINE] });
    const { service, repos, session } = await preparedGerman(engine);
    let resets = 0;
    const reply = await service.start({ onReset: () => resets++ });
    expect(reply.text).toBe(GREETING_DE);
    expect(reply.languageMismatch).toBeUndefined();
    expect(resets).toBe(1);
    const turns = engine.requests.filter((r) => kindOf(r) === 'turn');
    expect(turns).toHaveLength(2);
    expect(turns[1]!.messages.at(-1)!.content).toContain('Your previous draft was not in German. Write your whole reply in German only.');
    // One message: the draft was replaced, not kept beside the reply.
    expect((await repos.messages.listBySession(session.id)).map((m) => m.text)).toEqual([GREETING_DE]);
  });

  it('keeps a reply that is still in the wrong language after the second try, labelled, and the interview goes on', async () => {
    const engine = scripted(
      [GREETING_EN, GREETING_EN, '[NEXT] Danke. Wie leiten Sie ein Design-Review, und wie gehen Sie mit Meinungsverschiedenheiten um?'],
      {
        guideline: [GERMAN_GUIDELINE],
      },
    );
    const { service, repos, session } = await preparedGerman(engine);
    const reply = await service.start();
    expect(reply).toMatchObject({ text: GREETING_EN, languageMismatch: { expected: 'de', detected: 'en' } });
    expect((await repos.messages.listBySession(session.id))[0]).toMatchObject({ languageMismatch: { expected: 'de', detected: 'en' } });
    const next = await service.answer('Wir haben die Tabellen nach Mandanten partitioniert.');
    expect(next.languageMismatch).toBeUndefined();
    expect(engine.requests.filter((r) => kindOf(r) === 'turn')).toHaveLength(3);
  });

  it('takes a German reply full of English technical terms as German (no second request)', async () => {
    const techy =
      'Danke. Sie haben Continuous Integration mit GitHub Actions, Docker Compose und Helm Charts erwähnt. Wie haben Sie Secrets Management, Rollbacks und Blue-Green Deployments gehandhabt?';
    const engine = scripted([techy], { guideline: [GERMAN_GUIDELINE] });
    const { service } = await preparedGerman(engine);
    const reply = await service.start();
    expect(reply).toMatchObject({ text: techy });
    expect(reply.languageMismatch).toBeUndefined();
    expect(engine.requests.filter((r) => kindOf(r) === 'turn')).toHaveLength(1);
  });

  it('refuses questions still in another language after the repair, as unusable output', async () => {
    const engine = scripted([], { guideline: [ENGLISH_GUIDELINE], repair: [ENGLISH_GUIDELINE] });
    const made = makeService(engine);
    const session = await made.service.createSession(germanSetup);
    await expect(made.service.prepare(session.id)).rejects.toMatchObject({
      code: 'invalid-model-output',
      details: { problem: 'Every question must be written in German, not in English.' },
    });
    expect((await made.repos.sessions.get(session.id))?.guideline).toBeUndefined();
  });

  describe('feedback', () => {
    const feedbackIn = (summary: string, strength: string, improvement: string, sample: string) =>
      JSON.stringify({
        overallScore: 70,
        summary,
        categories: { relevance: 7, depth: 6, structure: 7, clarity: 8, confidence: 7 },
        questions: [
          {
            question: 1,
            score: 7,
            evidence: ['nach Mandanten partitioniert'],
            strengths: [strength],
            improvements: [improvement],
            sampleAnswer: sample,
          },
        ],
        strengths: [strength],
        improvements: [improvement],
      });
    const ENGLISH = feedbackIn(
      'You gave a concrete example of how the tables were partitioned, but the answer did not say what went wrong or what you learned from it.',
      'You named the technique you used.',
      'Say what the problem was and how you measured the result.',
      'In my last role the orders table grew too large, so we partitioned it by tenant and cut the query time by half.',
    );
    const GERMAN = feedbackIn(
      'Sie haben ein konkretes Beispiel für die Partitionierung der Tabellen gegeben, aber nicht gesagt, was schiefging und was Sie daraus gelernt haben.',
      'Sie haben die Technik genannt, die Sie eingesetzt haben.',
      'Sagen Sie, was das Problem war und wie Sie das Ergebnis gemessen haben.',
      'In meiner letzten Stelle wurde die Tabelle der Bestellungen zu groß, daher haben wir sie nach Mandanten partitioniert.',
    );

    async function answeredGerman(engine: ScriptedChatEngine) {
      const made = await preparedGerman(engine);
      await made.service.start();
      await made.service.answer('Wir haben die Tabellen nach Mandanten partitioniert.');
      return made;
    }
    const germanTurns = [GREETING_DE, '[NEXT] Danke. Wie leiten Sie ein Design-Review?'];

    it('asks once more for feedback written in another language, naming the language, and keeps the fixed one', async () => {
      const engine = scripted(germanTurns, { guideline: [GERMAN_GUIDELINE], feedback: [ENGLISH], repair: [GERMAN] });
      const { service } = await answeredGerman(engine);
      const done = await service.finish();
      expect(engine.requests.map(kindOf).slice(-2)).toEqual(['feedback', 'repair']);
      expect(engine.requests.at(-1)!.messages.at(-1)!.content).toContain('The feedback must be written in German, not in English.');
      expect(done.feedback?.summary).toMatch(/^Sie haben ein konkretes Beispiel/);
    });

    it('keeps the first feedback when the second is still in the wrong language, unusable or fails: an evaluation is never refused for its language', async () => {
      const failed: Script = { text: '', fail: new AppError('remote-rate-limited', 'Too many requests.') };
      for (const repair of [ENGLISH, 'not json', failed]) {
        const engine = scripted(germanTurns, { guideline: [GERMAN_GUIDELINE], feedback: [ENGLISH], repair: [repair] });
        const { service, repos, session } = await answeredGerman(engine);
        const done = await service.finish();
        expect(done.feedback?.summary).toMatch(/^You gave a concrete example/);
        expect((await repos.sessions.get(session.id))?.status).toBe('finished');
      }
    });

    it('asks nothing more when the feedback is in the interview language', async () => {
      const engine = scripted(germanTurns, { guideline: [GERMAN_GUIDELINE], feedback: [GERMAN] });
      const { service } = await answeredGerman(engine);
      await service.finish();
      expect(engine.requests.map(kindOf).at(-1)).toBe('feedback');
    });
  });
});

describe('PracticeService and the unsent answer', () => {
  const METRICS = {
    durationSeconds: 10,
    wordCount: 25,
    wordsPerMinute: 150,
    fillerCount: 1,
    fillersPerMinute: 6,
    fillers: { um: 1 },
    pausesOver2s: 0,
    longestPauseSeconds: 0.8,
  };

  it('keeps the draft with the session through the interview’s own writes and a reload; sending it drops it', async () => {
    const engine = scripted(['Hi! How have you operated PostgreSQL at scale?', '[NEXT] How do you run a design review?']);
    const { service, repos, session } = await prepared(engine);
    await service.saveDraft(session.id, { text: 'We partitioned' });
    // The greeting writes the session (state, usage, engine): the draft is still there after it.
    await service.start();
    expect((await repos.sessions.get(session.id))?.draft).toMatchObject({ text: 'We partitioned' });
    expect((await repos.sessions.get(session.id))?.draft).not.toHaveProperty('spoken');

    const later = makeService(scripted([]), repos).service;
    expect((await later.resume(session.id)).session.draft?.text).toBe('We partitioned');

    await service.answer('We partitioned the orders table by month.');
    expect(await repos.sessions.get(session.id)).not.toHaveProperty('draft');
    expect(service.interview?.session).not.toHaveProperty('draft');
  });

  it('blank text removes the draft; a spoken draft keeps its metrics and words, even when they are proxies', async () => {
    const { service, repos, session } = await prepared(scripted(['Hi! How have you operated PostgreSQL at scale?']));
    await service.start();
    // Reactive state in the screen is a Proxy, which structured clone (IndexedDB, this double) refuses.
    const proxied = <T extends object>(value: T) => new Proxy(value, {});
    const words = [proxied({ text: 'We', start: 0, end: 0.3 })];
    await service.saveDraft(session.id, { text: 'We sharded', spoken: true, metrics: proxied({ ...METRICS }), words: proxied(words) });
    expect((await repos.sessions.get(session.id))?.draft).toMatchObject({
      text: 'We sharded',
      spoken: true,
      metrics: METRICS,
      words: [{ text: 'We', start: 0, end: 0.3 }],
    });
    // Extras without `spoken` are not a recording's.
    await service.saveDraft(session.id, { text: 'typed', metrics: METRICS });
    expect((await repos.sessions.get(session.id))?.draft).toEqual({ text: 'typed', savedAt: expect.any(Number) });
    await service.saveDraft(session.id, { text: '  \n' });
    expect(await repos.sessions.get(session.id)).not.toHaveProperty('draft');
  });

  it('a draft typed while the questions are being written is in the prepared session', async () => {
    const engine = scripted([], { guideline: [{ text: GUIDELINE, holdAfterChars: 10 }] });
    const { service, repos } = makeService(engine);
    const session = await service.createSession(setup);
    const preparing = service.prepare(session.id);
    await engine.held;
    await service.saveDraft(session.id, { text: 'Ready when you are' });
    engine.release();
    const ready = await preparing;
    expect(ready.draft?.text).toBe('Ready when you are');
    expect((await repos.sessions.get(session.id))?.draft?.text).toBe('Ready when you are');
    expect((await repos.sessions.get(session.id))?.status).toBe('active');
  });

  it('a draft for a session that is not loaded is written to it, and a session being opened picks it up', async () => {
    const repos = createMemoryRepositories();
    const first = await prepared(scripted(['Hi! How have you operated PostgreSQL at scale?']), repos);
    await first.service.start();
    const other = makeService(scripted([]), repos).service;
    await other.saveDraft(first.session.id, { text: 'From another tab' });
    expect((await repos.sessions.get(first.session.id))?.draft?.text).toBe('From another tab');
    expect((await other.resume(first.session.id)).session.draft?.text).toBe('From another tab');
    await other.saveDraft('no-such-session', { text: 'lost' });
    expect(await repos.sessions.get('no-such-session')).toBeUndefined();
  });

  it('finishing drops the draft, and a late save to the finished session is ignored', async () => {
    const engine = scripted(['Hi! How have you operated PostgreSQL at scale?', '[NEXT] How do you run a design review?']);
    const { service, repos, session } = await prepared(engine);
    await service.start();
    await service.answer('We partitioned the orders table by month.');
    await service.saveDraft(session.id, { text: 'Not sent' });
    await service.finish();
    expect(await repos.sessions.get(session.id)).not.toHaveProperty('draft');
    await service.saveDraft(session.id, { text: 'Not sent' });
    await makeService(scripted([]), repos).service.saveDraft(session.id, { text: 'Not sent' });
    const stored = await repos.sessions.get(session.id);
    expect(stored).not.toHaveProperty('draft');
    expect(stored?.status).toBe('finished');
  });
});

describe('PracticeService: the guideline in two steps, and work while the engine is idle', () => {
  const threeSetup: PracticeSetup = { ...setup, questionCount: 3 };
  const kinds = (engine: ScriptedChatEngine) => engine.requests.map(kindOf);

  it('asks for question 1 alone, starts, then writes the rest while the candidate answers, naming question 1 so it is not repeated', async () => {
    const engine = scripted(['Hello! How have you operated PostgreSQL at scale?', '[NEXT] Thanks. How do you run a design review?']);
    const { service, repos, session } = await prepared(engine);
    expect(kinds(engine)).toEqual(['guideline']);
    expect(engine.requests[0]!.messages.at(-1)!.content).toContain('exactly 1 interview questions');
    expect(service.interview?.session.guideline?.questions.map((q) => q.id)).toEqual(['q1']);
    expect(service.interview?.state.questionCount).toBe(2);
    // Saved, so a reload mid-way writes the rest.
    expect((await repos.sessions.get(session.id))?.interviewState).toMatchObject({ guidelineRest: { groundedIn: expect.any(Array) } });

    await service.start();
    await service.settled();
    expect(kinds(engine)).toEqual(['guideline', 'turn', 'guideline']);
    const rest = engine.requests[2]!.messages.at(-1)!.content;
    expect(rest).toContain('exactly 1 interview questions');
    expect(rest).toMatch(/already planned[\s\S]*How have you operated PostgreSQL at scale\?/);
    expect(service.interview?.session.guideline?.questions.map((q) => [q.id, q.text])).toEqual([
      ['q1', 'How have you operated PostgreSQL at scale?'],
      ['q2', 'How do you run a design review?'],
    ]);
    expect(service.interview?.stored.guidelineRest).toBeUndefined();

    // The system message is the same bytes before and after the rest arrived.
    const opening = engine.requests[1]!;
    await service.answer('We partitioned the orders table.');
    expect(lastTurn(engine).messages[0]).toEqual(opening.messages[0]);
    expect(lastTurn(engine).messages.at(-1)!.content).toContain('How do you run a design review?');
  });

  it('after a reload before the rest was written (or when it failed), the next turn writes it first', async () => {
    const repos = createMemoryRepositories();
    const failing = scripted(['Hello! How have you operated PostgreSQL at scale?'], {
      guideline: [GUIDELINE, { text: '', fail: new AppError('remote-rate-limited', 'Too many requests. Wait a minute and try again.') }],
    });
    const first = await prepared(failing, repos);
    await first.service.start();
    await first.service.settled();
    expect((await repos.sessions.get(first.session.id))?.interviewState).toMatchObject({ guidelineRest: expect.anything() });

    const engine = scripted(['[NEXT] Thanks. How do you run a design review?']);
    const later = makeService(engine, repos).service;
    await later.resume(first.session.id);
    const waiting: string[] = [];
    const reply = await later.answer('We partitioned the orders table.', { onWaiting: (s) => waiting.push(s) });
    expect(kinds(engine)).toEqual(['guideline', 'turn']);
    expect(waiting).toEqual(['Getting the next question ready…']);
    expect(reply).toMatchObject({ kind: 'question', questionIndex: 1 });
    expect(later.interview?.session.guideline?.questions).toHaveLength(2);
  });

  it('a rest that came back short shortens the interview to the questions that exist, and says so', async () => {
    const three = JSON.stringify({
      questions: [{ text: 'How have you operated PostgreSQL at scale?', topic: 'Databases', requirement: 'Operate PostgreSQL at scale.' }],
    });
    const engine = scripted(
      [
        'Hello! How have you operated PostgreSQL at scale?',
        '[NEXT] Thanks. How do you run a design review?',
        '[NEXT] Thank you, that is all.',
      ],
      // Two asked for, one came back: at least half is accepted, as for any guideline.
      {
        guideline: [
          three,
          JSON.stringify({
            questions: [{ text: 'How do you run a design review?', topic: 'Reviews', requirement: 'lead design reviews' }],
          }),
        ],
      },
    );
    const made = makeService(engine);
    const session = await made.service.createSession(threeSetup);
    await made.service.prepare(session.id);
    await made.service.start();
    await made.service.settled();
    const guideline = made.service.interview!.session.guideline!;
    expect(guideline.questions).toHaveLength(2);
    expect(guidelineShortfall(guideline, 3)).toBe('2 of the 3 planned questions were written: the interview has 2.');
    await made.service.answer('We partitioned the orders table.');
    const closing = await made.service.answer('I write a short doc first.');
    expect(closing).toMatchObject({ kind: 'closing' });
    expect(made.service.interview?.state).toMatchObject({ phase: 'closed', questionCount: 2 });
  });

  it('writes the summary the next turn needs after a reply, while the engine is idle, not after the answer is sent', async () => {
    const long = 'detail '.repeat(300);
    const engine = scripted(
      ['Hi! How have you operated PostgreSQL at scale?', '[FOLLOW-UP] Which part was hardest?', '[FOLLOW-UP] And the outcome?'],
      {},
      { contextWindow: 2400 },
    );
    const { service } = await prepared(engine);
    await service.start();
    await service.answer(`First: ${long}`);
    await service.settled();
    expect(kinds(engine)).toContain('summary');
    // Asked inside the conversation: the turn's request and its reply as generated, then the request.
    const at = kinds(engine).indexOf('summary');
    const turn = engine.requests[at - 1]!;
    expect(kindOf(turn)).toBe('turn');
    expect(engine.requests[at]!.messages.slice(0, -1)).toEqual([
      ...turn.messages,
      { role: 'assistant', content: '[FOLLOW-UP] Which part was hardest?' },
    ]);
    const before = engine.requests.length;
    await service.answer(`Second: ${long}`);
    // The answer's request goes out at once, with the summary already in place.
    expect(kinds(engine).slice(before, before + 1)).toEqual(['turn']);
    expect(engine.requests[before]!.messages.some((m) => m.content.startsWith('Summary of the earlier part'))).toBe(true);
  });
});

describe('PracticeService: the feedback written while the candidate reads the closing', () => {
  it('starts the feedback after the closing reply; Finish shows the assessments written so far and joins it', async () => {
    const engine = scripted([
      'Hello! How have you operated PostgreSQL at scale?',
      '[NEXT] Thanks. How do you run a design review?',
      '[NEXT] Thank you, that is the end of the interview.',
    ]);
    const { service } = await prepared(engine);
    await service.start();
    await service.answer('We partitioned the orders table.');
    await service.answer('I write a short doc first.');
    await service.settled();
    // Written before Finish is pressed.
    expect(engine.requests.map(kindOf).at(-1)).toBe('feedback');
    const shown: string[][] = [];
    const finished = await service.finish(undefined, (questions) => shown.push(questions.map((q) => q.questionId)));
    expect(shown[0]).toEqual(['q1', 'q2']);
    expect(finished.feedback?.questions.map((q) => q.questionId)).toEqual(['q1', 'q2']);
    expect(engine.requests.filter((r) => kindOf(r) === 'feedback')).toHaveLength(1);
  });
});
