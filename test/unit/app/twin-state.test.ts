/**
 * The twin screen's state (TwinState: the profile editor and the conversation, wired), on the
 * real IndexedDB repositories.
 */
import { describe, expect, it } from 'vitest';
import { TwinState } from '../../../src/app/twin/twin-state.svelte';
import type { ConversationOptions } from '../../../src/app/twin/conversation-state.svelte';
import { twinSetup } from './twin-fixture';

async function make(reply = 'Model answer, streamed in pieces.', options: Omit<ConversationOptions, 'profile'> = {}) {
  const setup = await twinSetup(reply, { now: () => Date.now() });
  const busy: boolean[] = [];
  const twin = new TwinState(setup.editor, setup.conversations, { schedule: (flush) => flush(), onBusy: (b) => busy.push(b), ...options });
  return { ...setup, twin, busy, editorState: twin.editor, chat: twin.conversation };
}

describe('TwinState', () => {
  it('imports a CSV with a skipped-lines report, offers its questions, and answers a chip from saved answers', async () => {
    const { twin, engine, editorState, chat } = await make();
    await twin.open();
    expect(editorState.profile).toBeUndefined();
    await editorState.newProfile('Ada');
    await editorState.importQaCsv(new File(['Question,Answer\nWhy Rust?,Because it is safe.\nEmpty?,\nWhy us?,Your tools.\n'], 'qa.csv'));
    expect(editorState.notice).toMatchObject({ kind: 'warn', skipped: [{ line: 3, reason: 'the answer is empty' }] });
    expect(editorState.notice?.text).toContain('Imported 2 answers');
    expect(chat.suggestions.map((s) => s.text)).toEqual(['Why Rust?', 'Why us?']);

    await chat.send('Why Rust?');
    expect(engine.requests).toHaveLength(0);
    expect(chat.messages.map((m) => m.text)).toEqual(['Why Rust?', 'Because it is safe.']);
    expect(chat.messages[1]?.source).toBe('saved-answer');
    expect(chat.suggestions.map((s) => s.text)).toEqual(['Why us?']);
    expect(chat.inspect?.source).toBe('saved-answer');

    await chat.generateFresh();
    expect(engine.requests).toHaveLength(1);
    expect(chat.messages.at(-1)).toMatchObject({
      source: 'model',
      text: 'Model answer, streamed in pieces.',
      engineLabel: 'Test remote model',
    });
    expect(chat.inspect?.questionMessage).toContain('Interviewer: Why Rust?');
    expect(chat.status).toBe('idle');
  });

  it('resumes the latest conversation after a reload, and opens the one a History link names', async () => {
    const { twin, editor, conversations, editorState, chat } = await make();
    await twin.open();
    await editorState.newProfile('Ada');
    await chat.send('What do you do?');
    const first = chat.session!.id;
    chat.newConversation();
    await chat.send('And before that?');
    expect(chat.error).toBeUndefined();
    const again = new TwinState(editor, conversations);
    await again.open();
    expect(again.editor.profile?.name).toBe('Ada');
    expect(again.conversation.messages.map((m) => m.text)).toEqual(['And before that?', 'Model answer, streamed in pieces.']);
    const linked = new TwinState(editor, conversations);
    await linked.open({ sessionId: first });
    expect(linked.conversation.messages.map((m) => m.text)).toEqual(['What do you do?', 'Model answer, streamed in pieces.']);
  });

  it('shows errors on the right side and keeps the profile', async () => {
    const { twin, editorState } = await make();
    await twin.open();
    await editorState.newProfile('Ada');
    await editorState.importPack(new File(['{"format":"something-else"}'], 'x.json'));
    expect(editorState.error?.code).toBe('invalid-import');
    await editorState.updateProfile({ name: '  ' });
    expect(editorState.error?.message).toMatch(/name/);
    expect(editorState.profile?.name).toBe('Ada');
  });

  it('a stop before any text keeps the question without an error; a stop mid-reply keeps its words, marked incomplete', async () => {
    const { twin, editorState, chat, engine } = await make();
    await twin.open();
    await editorState.newProfile('Ada');
    const original = engine.stream.bind(engine);
    engine.stream = async function* (request) {
      for await (const delta of original(request)) {
        yield delta;
        if (delta.text) chat.stop();
      }
    };
    await chat.send('How did you start?');
    expect(chat.error).toBeUndefined();
    expect(chat.status).toBe('idle');
    expect(chat.messages.map((m) => [m.role, m.incomplete])).toEqual([
      ['user', undefined],
      ['assistant', true],
    ]);
    expect(chat.messages[1]?.text).toBe('Model an');
  });
});

describe('TwinState sending', () => {
  it('a second question while the first is still being saved is ignored: one question, one answer, one session', async () => {
    const { twin, engine, repos, editorState, chat } = await make();
    await twin.open();
    await editorState.newProfile('Ada');
    // A double-click on a chip: both calls start before either has saved anything.
    const first = chat.send('Why Rust?');
    const second = chat.send('Why Rust?');
    expect(chat.busy).toBe(true);
    await Promise.all([first, second]);
    expect(chat.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(engine.requests).toHaveLength(1);
    const sessions = (await repos.sessions.list()).filter((s) => s.mode === 'twin');
    expect(sessions).toHaveLength(1);
    expect((await repos.messages.listBySession(sessions[0]!.id)).map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('a typed question while a chip is being saved is ignored too, and the next question joins the same session', async () => {
    const { twin, repos, editorState, chat } = await make();
    await twin.open();
    await editorState.newProfile('Ada');
    const chip = chat.send('Why Rust?');
    const typed = chat.send('Why us?');
    await Promise.all([chip, typed]);
    expect(chat.messages.filter((m) => m.role === 'user').map((m) => m.text)).toEqual(['Why Rust?']);
    await chat.send('Why us?');
    expect(chat.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect((await repos.sessions.list()).filter((s) => s.mode === 'twin')).toHaveLength(1);
  });

  it('Stop while the question is being saved keeps the question and asks nothing', async () => {
    const { twin, engine, editorState, chat, busy } = await make();
    await twin.open();
    await editorState.newProfile('Ada');
    const sending = chat.send('Why Rust?');
    chat.stop();
    await sending;
    expect(engine.requests).toHaveLength(0);
    expect(chat.messages.map((m) => m.role)).toEqual(['user']);
    expect(chat.busy).toBe(false);
    expect(chat.status).toBe('idle');
    await chat.retry();
    expect(chat.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(busy.at(-1)).toBe(false);
  });
});

describe('TwinState profile edits', () => {
  /** A file whose text arrives only when the test says so (a slow disk, a big CSV). */
  function slowFile(text: string, name: string): { file: File; release: () => void } {
    let release = () => {};
    const ready = new Promise<void>((resolve) => (release = resolve));
    const file = new File([text], name);
    Object.defineProperty(file, 'text', { value: async () => (await ready, text) });
    return { file, release };
  }

  it('an import that finishes after a typed save keeps the typed text (changes run one after another)', async () => {
    const { twin, repos, editorState } = await make();
    await twin.open();
    await editorState.newProfile('Ada');
    const csv = slowFile('Question,Answer\nWhy Rust?,Because it is safe.\n', 'qa.csv');
    const importing = editorState.importQaCsv(csv.file);
    const typing = editorState.updateProfile({ resume: 'Pasted while the CSV was read.' });
    csv.release();
    expect(await typing).toBe(true);
    await importing;
    const stored = await repos.profiles.get(editorState.profile!.id);
    expect(stored?.resume).toBe('Pasted while the CSV was read.');
    expect(stored?.qa.map((p) => p.question)).toEqual(['Why Rust?']);
    expect(editorState.profile?.resume).toBe('Pasted while the CSV was read.');
  });

  it('a save that lands after switching profiles goes to the profile it was typed into', async () => {
    const { twin, repos, editorState } = await make();
    await twin.open();
    await editorState.newProfile('Ada');
    const ada = editorState.profile!.id;
    await editorState.newProfile('Grace');
    const grace = editorState.profile!.id;
    expect(await editorState.updateProfile({ resume: 'Ada’s resume' }, ada)).toBe(true);
    expect(editorState.profile?.id).toBe(grace);
    expect(editorState.profile?.resume).toBe('');
    expect((await repos.profiles.get(ada))?.resume).toBe('Ada’s resume');
    expect((await repos.profiles.get(grace))?.resume).toBe('');
    expect(editorState.profiles.find((p) => p.id === ada)?.resume).toBe('Ada’s resume');
  });

  it('typing keeps the import notice; a save into a deleted profile is dropped', async () => {
    const { twin, repos, editorState } = await make();
    await twin.open();
    await editorState.newProfile('Ada');
    await editorState.importQaCsv(new File(['Question,Answer\nWhy Rust?,Because it is safe.\n'], 'qa.csv'));
    expect(editorState.notice?.text).toContain('Imported 1 answer');
    await editorState.updateProfile({ name: 'Ada L.' });
    expect(editorState.notice?.text).toContain('Imported 1 answer');
    const id = editorState.profile!.id;
    await editorState.deleteProfile();
    expect(await editorState.updateProfile({ resume: 'late' }, id)).toBe(true);
    expect(await repos.profiles.get(id)).toBeUndefined();
  });
});

describe('TwinState remote notice', () => {
  it('holds the first question until the user agrees to send text to the remote host', async () => {
    let acknowledged = false;
    const { twin, engine, editorState, chat } = await make(undefined, {
      remote: { host: () => 'api.example.test', needsNotice: () => !acknowledged, acknowledge: async () => void (acknowledged = true) },
    });
    await twin.open();
    await editorState.newProfile('Ada');
    await chat.send('What do you do?');
    expect(chat.pendingRemote).toEqual({ host: 'api.example.test', question: 'What do you do?' });
    expect(chat.messages).toHaveLength(0);
    await chat.confirmRemote();
    expect(acknowledged).toBe(true);
    expect(chat.pendingRemote).toBeUndefined();
    expect(engine.requests).toHaveLength(1);
    expect(chat.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  });
});
