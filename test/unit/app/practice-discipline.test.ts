/**
 * The interviewer's discipline through the real service: a reply that breaks the role's rules
 * is asked for once more as a continuation of the same conversation, then kept with a note.
 */
import { describe, expect, it } from 'vitest';
import { PracticeService } from '../../../src/app/practice/practice-service';
import type { ChatRequest } from '../../../src/ports/chat-engine';
import type { PracticeSetup } from '../../../src/domain/records';
import { approximateTokenCounter } from '../../doubles/approximate-token-counter';
import { chunkText } from '../../../src/domain/retrieval/chunking';
import { Bm25Retriever } from '../../../src/domain/retrieval/bm25-retriever';
import { ScriptedChatEngine, type Script } from '../../doubles/scripted-chat-engine';
import { createMemoryRepositories } from '../../doubles/memory-repositories';

const JD = `Senior Backend Engineer
- Operate PostgreSQL at scale.
- Mentor junior engineers and lead design reviews.`;

const setup: PracticeSetup = { jobDescription: JD, resume: '', type: 'professional', questionCount: 2, style: 'neutral', language: 'en' };

const GUIDELINE = JSON.stringify({
  questions: [
    { text: 'How have you operated PostgreSQL at scale?', topic: 'Databases', requirement: 'Operate PostgreSQL at scale.' },
    { text: 'How do you run a design review?', topic: 'Leadership', requirement: 'lead design reviews' },
  ],
});

/** Not the guideline, nor the feedback written ahead after the closing. */
const isTurn = (r: ChatRequest) => !['Write the guideline', 'interview coach'].some((kind) => r.messages.at(-1)!.content.includes(kind));

/** Interviewer turns come from `turns` in order; the guideline (both steps) from GUIDELINE. */
function scripted(turns: Script[]) {
  const queue = [...turns];
  return new ScriptedChatEngine((request) => {
    if (request.messages.some((m) => m.content.includes('interview coach'))) return '{}';
    if (!isTurn(request)) {
      const prompt = request.messages.at(-1)!.content;
      const all = (JSON.parse(GUIDELINE) as { questions: { text: string }[] }).questions;
      // The second step lists what is planned; answer with the questions it does not name.
      return JSON.stringify({
        questions: prompt.includes('already planned') ? all.filter((q) => !prompt.includes(q.text)) : all.slice(0, 1),
      });
    }
    const next = queue.shift();
    if (next === undefined) throw new Error('unexpected interviewer turn');
    return next;
  });
}

async function prepared(engine: ScriptedChatEngine, language = 'en') {
  let t = 1000;
  let id = 0;
  const repos = createMemoryRepositories();
  const service = new PracticeService({
    engine: () => engine,
    repos,
    retriever: new Bm25Retriever(),
    chunk: (text) => chunkText(text),
    clock: { now: () => (t += 10) },
    ids: () => `id${++id}`,
    tokenCounter: async () => approximateTokenCounter,
  });
  const session = await service.createSession({ ...setup, language });
  await service.prepare(session.id);
  return { service, repos, session };
}

const GREETING = 'Welcome, and thanks for making the time. How have you operated PostgreSQL at scale?';
const TWO_QUESTIONS = 'Welcome. How have you operated PostgreSQL at scale? And which monitoring tools did you rely on the most?';
const FEEDBACK_REPLY = '[NEXT] Great answer, that was very well structured! How do you run a design review?';

describe('PracticeService and the interviewer’s discipline', () => {
  it('asks once more when a reply asks two questions, as a continuation, and keeps only the second reply', async () => {
    const engine = scripted([TWO_QUESTIONS, GREETING]);
    const { service, repos, session } = await prepared(engine);
    let resets = 0;
    const reply = await service.start({ onReset: () => resets++ });
    expect(reply.text).toBe(GREETING);
    expect(reply.discipline).toBeUndefined();
    expect(resets).toBe(1);
    const [first, second] = engine.requests.filter(isTurn);
    expect(second!.messages.at(-1)!.content).toContain('Your previous draft asked more than one question. Ask exactly one question.');
    // The same system message and earlier messages: only the newest user message carries the note.
    expect(second!.messages.slice(0, -1)).toEqual(first!.messages.slice(0, -1));
    expect(second!.messages.at(-1)!.content.startsWith(first!.messages.at(-1)!.content)).toBe(true);
    expect((await repos.messages.listBySession(session.id)).map((m) => m.text)).toEqual([GREETING]);
  });

  it('keeps a reply that still gives feedback after the second try, with the issue on the message, and the interview goes on', async () => {
    const engine = scripted([GREETING, FEEDBACK_REPLY, FEEDBACK_REPLY, 'Thank you, that is the end of our interview.']);
    const { service, repos, session } = await prepared(engine);
    await service.start();
    const reply = await service.answer('We partitioned the orders table by month and moved reports to a replica.');
    expect(reply).toMatchObject({
      text: 'Great answer, that was very well structured! How do you run a design review?',
      discipline: ['feedback'],
    });
    expect(engine.requests.filter(isTurn)[2]!.messages.at(-1)!.content).toContain('evaluated the candidate');
    expect((await repos.messages.listBySession(session.id)).at(-1)).toMatchObject({ discipline: ['feedback'] });
    const closing = await service.answer('I share a one-page proposal first and collect comments in writing.');
    expect(closing.discipline).toBeUndefined();
    expect(engine.requests.filter(isTurn)).toHaveLength(4);
  });

  it('judges nothing in an interview held in another language', async () => {
    const spanish = 'Bienvenido. ¿Cómo ha operado PostgreSQL a gran escala? ¿Y qué herramientas de monitorización usó más?';
    const engine = scripted([spanish]);
    const { service } = await prepared(engine, 'es');
    const reply = await service.start();
    expect(reply.discipline).toBeUndefined();
    expect(engine.requests.filter(isTurn)).toHaveLength(1);
  });
});
