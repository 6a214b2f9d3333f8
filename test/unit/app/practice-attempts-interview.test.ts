/**
 * A retry and a drill run through the practice service on the real IndexedDB repositories
 * (fake-indexeddb): the questions are asked by code (verbatim, no model turn), each answer is
 * scored by the normal feedback step with the original question and requirement, and the
 * report's figures and the drill schedule follow.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteRehearseDB, openRehearseDB, type RehearseDatabase } from '../../../src/adapters/storage/db';
import { createIdbRepositories } from '../../../src/adapters/storage/idb-repositories';
import { PracticeService } from '../../../src/app/practice/practice-service';
import { PracticeAttempts } from '../../../src/app/coaching/practice-attempts';
import type { Repositories } from '../../../src/ports/repositories';
import { approximateTokenCounter } from '../../doubles/approximate-token-counter';
import { chunkText } from '../../../src/domain/retrieval/chunking';
import { Bm25Retriever } from '../../../src/domain/retrieval/bm25-retriever';
import { ScriptedChatEngine } from '../../doubles/scripted-chat-engine';
import { TWO_QUESTION_GUIDELINE, TWO_QUESTION_SETUP } from '../../fixtures/practice-interview';

const DAY = 86_400_000;

/** Feedback for `scores.length` questions, quoting the first five words of each answer in the prompt. */
function feedback(prompt: string, scores: number[]): string {
  const answers = [...prompt.matchAll(/<answer>\n([\s\S]*?)\n<\/answer>/g)].map((m) => m[1]!);
  return JSON.stringify({
    overallScore: 40 + scores[0]! * 5,
    summary: 'Fine.',
    categories: { relevance: 6, depth: 6, structure: 6, clarity: 6, confidence: 6 },
    questions: scores.map((score, i) => ({
      question: i + 1,
      score,
      evidence: [answers[i]?.split(' ').slice(0, 5).join(' ') ?? ''],
      strengths: [`Better ${i + 1}`],
      improvements: [],
      sampleAnswer: 'S',
    })),
    strengths: [],
    improvements: [],
  });
}

let db: RehearseDatabase | undefined;
afterEach(async () => {
  db?.close();
  db = undefined;
  await deleteRehearseDB();
});

async function world(scores: number[][]) {
  db = await openRehearseDB();
  const repos: Repositories = createIdbRepositories(db);
  let now = 1000;
  const clock = { now: () => now };
  let ids = 0;
  const turns = [
    'Hello. How have you operated PostgreSQL at scale?',
    '[NEXT] How do you run a design review?',
    '[NEXT] Thank you, that is all.',
  ];
  const feedbacks = [...scores];
  const chat = new ScriptedChatEngine((request) => {
    const all = request.messages.map((m) => m.content).join('\n');
    if (request.messages.at(-1)!.content.includes('Write the guideline')) return TWO_QUESTION_GUIDELINE;
    if (all.includes('interview coach')) return feedback(all, feedbacks.shift()!);
    return turns.shift() ?? 'unexpected turn';
  });
  const practice = new PracticeService({
    engine: () => chat,
    repos,
    retriever: new Bm25Retriever(),
    chunk: (text) => chunkText(text),
    clock: { now: () => (now += 10) },
    ids: () => `id${++ids}`,
    tokenCounter: async () => approximateTokenCounter,
  });
  const attempts = new PracticeAttempts({ repos, clock, ids: () => `attempt${++ids}` });
  return { repos, chat, practice, attempts, setNow: (t: number) => (now = t) };
}

describe('an attempt through the practice service', () => {
  it('asks the question verbatim without a model turn, scores it alone with its requirement, and the original report uses it', async () => {
    const { repos, chat, practice, attempts, setNow } = await world([[3, 8], [9]]);
    const original = await practice.createSession(TWO_QUESTION_SETUP);
    await practice.prepare(original.id);
    await practice.start();
    await practice.answer('We added an index.');
    await practice.answer('I write a short design doc first.');
    await practice.finish();
    expect((await repos.sessions.get(original.id))?.feedback?.questions.map((q) => q.score)).toEqual([3, 8]);

    setNow(5 * DAY);
    const requestsBefore = chat.requests.length;
    const retry = await attempts.retry(original.id, 'q1');
    const loaded = await practice.resume(retry.id);
    const asked = await practice.start();
    expect(asked).toMatchObject({
      role: 'assistant',
      text: 'How have you operated PostgreSQL at scale?',
      kind: 'question',
      questionIndex: 0,
    });
    expect(loaded.state.phase).toBe('awaiting-answer');
    await practice.answer('We partitioned the orders table by month and moved reads to replicas.');
    // Closed without a model turn or closing words; the feedback is written ahead.
    expect(practice.interview?.state.phase).toBe('closed');
    expect(practice.interview?.messages.map((m) => m.role)).toEqual(['assistant', 'user']);
    const finished = await practice.finish();

    const sent = chat.requests.slice(requestsBefore);
    expect(sent).toHaveLength(1);
    const prompt = sent[0]!.messages.map((m) => m.content).join('\n');
    expect(prompt).toContain('Question 1: How have you operated PostgreSQL at scale?');
    expect(prompt).toContain('Requirement tested: Operate PostgreSQL at scale.');
    expect(prompt).not.toContain('design review');
    expect(finished.feedback?.questions).toMatchObject([{ questionId: 'q1', score: 9, evidence: ['We partitioned the orders table'] }]);

    const report = await attempts.forReport(original.id);
    expect(report.byQuestion.q1?.comparison?.result).toMatchObject({ change: '3 → 9 (+6)', quotes: ['We partitioned the orders table'] });
    // 55 + (9 − 3) × 10 / 2 = 85.
    expect(report.latest).toMatchObject({ ownScore: 55, overallScore: 85 });
  });

  it('a drill asks the due questions one by one, scores each, and moves their schedule on', async () => {
    const { practice, attempts, setNow } = await world([
      [3, 5],
      [7, 4],
    ]);
    const original = await practice.createSession(TWO_QUESTION_SETUP);
    await practice.prepare(original.id);
    await practice.start();
    await practice.answer('We added an index.');
    await practice.answer('I just talk.');
    await practice.finish();

    setNow(2 * DAY);
    expect((await attempts.drill(undefined)).due).toHaveLength(2);
    const drill = (await attempts.startDrill(undefined))!;
    await practice.resume(drill.id);
    expect((await practice.start()).text).toBe('How have you operated PostgreSQL at scale?');
    expect((await practice.answer('We partitioned the orders table by month.')).text).toBe('How do you run a design review?');
    await practice.answer('I circulate a one-page design doc a day before.');
    const finished = await practice.finish();
    expect(finished.feedback?.questions.map((q) => [q.questionId, q.score])).toEqual([
      ['q1', 7],
      ['q2', 4],
    ]);

    const status = await attempts.drill(undefined);
    expect(status.unfinished).toBeUndefined();
    expect(status.due).toHaveLength(0);
    // Question 1 was good once (due again in 3 days), question 2 still low (due again in 3 days too).
    expect(status.queued.map((i) => [i.root.questionId, i.lastScore, i.goodInARow, i.step])).toEqual([
      ['q1', 70, 1, 1],
      ['q2', 40, 0, 1],
    ]);
  });
});
