/**
 * Answering twin questions (src/app/twin/twin-conversation.ts through TwinConversations), on the
 * real IndexedDB repositories: saved answers, the prompt layout the engine can continue, the
 * summary step, the token budget, and replies kept while they stream.
 */
import { describe, expect, it, vi } from 'vitest';
import type { TwinConversations } from '../../../src/app/twin/conversations';
import type { LoadedConversation } from '../../../src/app/twin/loaded-conversation.svelte';
import { SAVED_ANSWER_LABEL } from '../../../src/app/twin/twin-conversation';
import { DEFAULT_TWIN_PROMPT } from '../../../src/app/twin/twin-prompts';
import { HashEmbedder } from '../../doubles/hash-embedder';
import type { TwinProfile } from '../../../src/domain/twin/types';
import { SUMMARY_PREFIX } from '../../../src/domain/context-policy';
import { AppError } from '../../../src/domain/errors';
import { readyProfile, twinSetup } from './twin-fixture';

const isSummary = (content: string | undefined) => content?.startsWith('Summarize the conversation below') ?? false;

async function ask(conversations: TwinConversations, conversation: LoadedConversation, profile: TwinProfile, text: string, fresh = false) {
  await conversations.ask(conversation, text, profile);
  return conversations.answer(conversation, profile, { signal: new AbortController().signal, fresh });
}

describe('twin conversation', () => {
  it('serves a saved answer without calling the model, and generates a fresh one on request', async () => {
    const { conversations, editor, engine, repos } = await twinSetup('A fresh answer from the model.');
    const profile = await readyProfile(editor);
    const conversation = await conversations.start(profile);
    const saved = await ask(conversations, conversation, profile, 'tell me about yourself');
    expect(engine.requests).toHaveLength(0);
    expect(saved.message).toMatchObject({
      source: 'saved-answer',
      engineLabel: SAVED_ANSWER_LABEL,
      text: 'I am Ada, a compiler engineer who loves teaching.',
    });
    expect(saved.inspect.savedMatch?.similarity).toBe(1);

    const fresh = await conversations.answer(conversation, profile, { signal: new AbortController().signal, fresh: true });
    expect(engine.requests).toHaveLength(1);
    expect(fresh.message).toMatchObject({ source: 'model', text: 'A fresh answer from the model.', engineLabel: 'Test remote model' });
    // The model answers the question itself: the saved answer is not the last turn it sees.
    const last = engine.requests[0]?.messages.at(-1);
    expect(last?.role).toBe('user');
    expect(last?.content.endsWith('tell me about yourself')).toBe(true);
    const stored = await repos.messages.listBySession(conversation.id);
    expect(stored.map((m) => [m.role, m.source])).toEqual([
      ['user', undefined],
      ['assistant', 'saved-answer'],
      ['assistant', 'model'],
    ]);
    // The conversation's one owner holds exactly what is stored.
    expect(conversation.messages).toEqual(stored);
  });

  it('Inspect marks the examples and projects that were only added to reach the minimum', async () => {
    const { conversations, editor } = await twinSetup('Answer.');
    const profile = await readyProfile(editor);
    const conversation = await conversations.start(profile);
    // No saved question and no project shares a word with this one.
    const out = await ask(conversations, conversation, profile, 'Zebra xylophone quantum?');
    expect(out.inspect.examples).toHaveLength(3);
    expect(out.inspect.examples.every((e) => !e.found && e.score === 0)).toBe(true);
    expect(out.inspect.projects).toHaveLength(2);
    expect(out.inspect.projects.every((p) => !p.found && p.tags?.length === 0)).toBe(true);
  });

  it('keeps the system message for the whole conversation and sends each question with its 3 closest pairs and 2 projects', async () => {
    const { conversations, editor, engine } = await twinSetup('Answer.');
    const profile = await readyProfile(editor);
    const conversation = await conversations.start(profile);
    const first = await ask(conversations, conversation, profile, 'How do you handle conflict when teaching Rust?');
    const [system, question] = engine.requests[0]!.messages;
    expect(system?.role).toBe('system');
    expect(system?.content.startsWith(DEFAULT_TWIN_PROMPT.replaceAll('{{name}}', 'Ada').slice(0, 40))).toBe(true);
    expect(system?.content).toContain('Compiler engineer at Acme');
    expect(system?.content).not.toContain('Interviewer:');
    expect(first.inspect.examples).toHaveLength(3);
    expect(first.inspect.examples[0]?.item.question).toBe('Describe a conflict with a coworker.');
    expect(question?.content).toContain('Interviewer: Describe a conflict with a coworker.');
    expect(first.inspect.projects.map((p) => p.item.title).sort()).toEqual(['Rust optimizer', 'Teaching kit']);
    expect(question?.content).toContain('### Rust optimizer');
    expect(question?.content).not.toContain('Garden app');
    expect(question?.content.endsWith('How do you handle conflict when teaching Rust?')).toBe(true);
    expect(first.inspect.systemMessage).toBe(system?.content);
    expect(first.inspect.questionMessage).toBe(question?.content);
    expect(first.inspect.sent).toEqual(engine.requests[0]!.messages);
    // What the user sees stays the question; what the engine saw is kept with it.
    expect(conversation.messages[0]).toMatchObject({ text: 'How do you handle conflict when teaching Rust?', sent: question?.content });

    // Inspect says why each item is there, not only a retriever score.
    expect(first.inspect.examples[0]).toMatchObject({ found: true });
    expect(first.inspect.examples[0]?.similarity).toBeGreaterThan(0);
    expect(first.inspect.projects.find((p) => p.item.title === 'Rust optimizer')).toMatchObject({ tags: ['Rust'] });

    const second = await ask(conversations, conversation, profile, 'Any gardening projects?');
    const next = engine.requests[1]!.messages;
    expect(next[0]).toEqual(system);
    expect(next.at(-1)?.content).toContain('Garden app');
    // The teaching kit went with the first question and is still in view: not sent twice.
    expect(second.inspect.projects.find((p) => p.item.title === 'Teaching kit')?.earlier ?? true).toBe(true);
  });

  it('sends every answer as a continuation of the previous request: same system message, earlier turns byte for byte, replies as generated', async () => {
    // Replies with the spaces and blank lines a model writes: they go back untouched.
    const replies = ['  I paired with them.\n\n', 'Rust, mostly. ', '\nI teach workshops.  ', 'Acme, since 2019.'];
    let i = 0;
    const { conversations, editor, engine } = await twinSetup(() => replies[i++] ?? 'More.');
    const profile = await readyProfile(editor);
    const conversation = await conversations.start(profile);
    const questions = ['Describe a conflict with your team.', 'Which language do you optimize?', 'Do you teach?', 'Where do you work now?'];
    for (const q of questions) await ask(conversations, conversation, profile, q);
    const requests = engine.requests.map((r) => r.messages);
    expect(requests).toHaveLength(4);
    for (let k = 1; k < requests.length; k++) {
      const previous = requests[k - 1]!;
      const next = requests[k]!;
      expect(next.slice(0, previous.length)).toEqual(previous);
      expect(next[previous.length]).toEqual({ role: 'assistant', content: replies[k - 1] });
      expect(next).toHaveLength(previous.length + 2);
      expect(next.at(-1)?.content.endsWith(questions[k]!)).toBe(true);
    }
    // The shown reply is the generated one, so nothing else needs keeping.
    expect(conversation.messages[1]).toMatchObject({ text: replies[0] });
    expect(conversation.messages[1]?.sent).toBeUndefined();
  });

  it('a fresh answer after a saved one, and a reply answered again after a stop, continue the request that wrote them', async () => {
    const { conversations, editor, engine } = await twinSetup('A model answer.');
    const profile = await readyProfile(editor);
    const conversation = await conversations.start(profile);
    await ask(conversations, conversation, profile, 'Which compilers have you built?');
    await ask(conversations, conversation, profile, 'Tell me about yourself.');
    await conversations.answer(conversation, profile, { signal: new AbortController().signal, fresh: true });
    await ask(conversations, conversation, profile, 'What did you build at Acme?');
    const [, fresh, after] = engine.requests.map((r) => r.messages);
    // The saved answer was superseded by the fresh one: the next request continues the fresh one's.
    expect(after!.slice(0, fresh!.length)).toEqual(fresh);
    expect(after![fresh!.length]).toEqual({ role: 'assistant', content: 'A model answer.' });
    expect(after).toHaveLength(fresh!.length + 2);
  });

  it('summarizes old turns in one larger step from prompts/summarize.md, keeping the system message first and the summary for later turns', async () => {
    const long = 'word '.repeat(150).trim();
    const { conversations, editor, engine, repos } = await twinSetup(
      (request) => (isSummary(request.messages[0]?.content) ? 'Short summary of earlier talk.' : `Reply. ${long}`),
      { contextWindow: 1500 },
    );
    const profile = await readyProfile(editor);
    const conversation = await conversations.start(profile);
    for (let q = 0; q < 8; q++) await ask(conversations, conversation, profile, `Question number ${q} about compilers and ${long}`);
    const summaries = engine.requests.filter((r) => isSummary(r.messages[0]?.content));
    expect(summaries.length).toBeGreaterThan(0);
    // One larger step: far fewer summaries than answers after the first one.
    expect(summaries.length).toBeLessThan(4);
    // The summarizer reads what was said (the questions as shown), not the notes sent with them.
    expect(summaries[0]!.messages[0]!.content).toContain('Interviewer: Question number 0');
    expect(summaries[0]!.messages[0]!.content).not.toContain('Notes for this question');
    const last = engine.requests.at(-1)!;
    expect(last.messages[0]?.role).toBe('system');
    expect(last.messages[0]?.content).toContain("## Ada's resume");
    expect(last.messages.some((m) => m.content === `${SUMMARY_PREFIX}Short summary of earlier talk.`)).toBe(true);
    expect((await repos.sessions.get(conversation.id))?.summary?.text).toBe('Short summary of earlier talk.');
  });

  it('stops politely with budget-exhausted when a remote budget is used up, and never for local engines', async () => {
    const remote = await twinSetup('An answer that uses some tokens.');
    await remote.repos.settings.put({ ...(await remote.repos.settings.get()), remoteTokenBudget: 600 });
    const profile = await readyProfile(remote.editor);
    const conversation = await remote.conversations.start(profile);
    const error = await ask(remote.conversations, conversation, profile, 'What did you build at Acme?').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('budget-exhausted');
    expect(remote.engine.requests).toHaveLength(0);

    const local = await twinSetup('Fine.', { kind: 'webllm' });
    await local.repos.settings.put({ ...(await local.repos.settings.get()), remoteTokenBudget: 600 });
    const p2 = await readyProfile(local.editor);
    const c2 = await local.conversations.start(p2);
    const out = await ask(local.conversations, c2, p2, 'What did you build at Acme?');
    expect(out.message.text).toBe('Fine.');
    expect(c2.session.usage.totalTokens).toBeGreaterThan(0);
  });

  it('uses embeddings for the saved-answer threshold when an embedder is given', async () => {
    const { conversations, editor, engine, repos } = await twinSetup('Model.', { embedder: new HashEmbedder() });
    await repos.settings.put({ ...(await repos.settings.get()), savedAnswerThreshold: 0.55 });
    const profile = await readyProfile(editor);
    const conversation = await conversations.start(profile);
    const close = await ask(conversations, conversation, profile, 'What is your biggest weakness?');
    expect(close.message.source).toBe('saved-answer');
    expect(close.inspect.savedMatch?.pair.question).toBe('What is your greatest weakness?');
    expect(close.inspect.savedMatch!.similarity).toBeGreaterThanOrEqual(0.55);
    expect(close.inspect.savedMatch!.similarity).toBeLessThan(1);
    await ask(conversations, conversation, profile, 'Which compilers have you optimized?');
    expect(engine.requests).toHaveLength(1);
  });

  it('reports a stream that fails before any text, keeping only the question', async () => {
    const { conversations, editor, repos } = await twinSetup(new AppError('remote-network', 'Network lost.'));
    const profile = await readyProfile(editor);
    const conversation = await conversations.start(profile);
    const error = await ask(conversations, conversation, profile, 'Which compilers have you optimized?').catch((e: unknown) => e);
    expect((error as AppError).code).toBe('remote-network');
    expect((await repos.messages.listBySession(conversation.id)).map((m) => m.role)).toEqual(['user']);
  });

  it('keeps the reply on disk while it streams, so a reload mid-answer loses nothing shown', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { conversations, editor, repos, engine } = await twinSetup('unused');
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
      const profile = await readyProfile(editor);
      const conversation = await conversations.start(profile);
      const answering = ask(conversations, conversation, profile, 'Which compilers have you optimized?', true);
      await atHold;
      await vi.advanceTimersByTimeAsync(1000);
      const during = await repos.messages.listBySession(conversation.id);
      expect(during.map((m) => [m.role, m.incomplete, m.text])).toEqual([
        ['user', undefined, 'Which compilers have you optimized?'],
        ['assistant', true, 'I optimized LLVM passes at Acme'],
      ]);
      release();
      const { message } = await answering;
      const after = await repos.messages.listBySession(conversation.id);
      expect(after).toHaveLength(2);
      expect(after[1]).toEqual(message);
      expect(message).toMatchObject({ id: during[1]!.id, text: 'I optimized LLVM passes at Acme for two years.' });
      expect(message.incomplete).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});
