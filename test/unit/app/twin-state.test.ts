import { describe, expect, it } from 'vitest';
import { TwinSession } from '../../../src/app/twin-session.svelte';
import { TwinService } from '../../../src/app/twin-service';
import { RetrieverTwinRanker } from '../../../src/app/twin-ranker';
import { Bm25Retriever } from '../../../src/domain/retrieval/bm25-retriever';
import { createMemoryRepositories } from '../../../src/adapters/storage/memory-repositories';
import { parseQaCsv } from '../../../src/adapters/files/csv-import';
import { projectFromMarkdown } from '../../../src/adapters/files/project-markdown';
import { approximateTokenCounter } from '../../../src/domain/tokens';
import { RecordingChatEngine } from '../../doubles/twin-recording-engine';

function make(reply = 'Model answer, streamed in pieces.') {
  const repos = createMemoryRepositories();
  const engine = new RecordingChatEngine(reply);
  let n = 0;
  const service = new TwinService({
    engine: () => engine,
    repos,
    ranker: new RetrieverTwinRanker(new Bm25Retriever()),
    files: {
      readQaCsv: async (file, makeId) => parseQaCsv(await file.text(), makeId),
      readProjectMarkdown: async (file) => projectFromMarkdown(await file.text(), file.name),
      readText: async (file) => ({ text: await file.text(), title: file.name }),
    },
    clock: { now: () => Date.now() + n },
    newId: () => `id${++n}`,
    countTokens: approximateTokenCounter,
  });
  const busy: boolean[] = [];
  const twin = new TwinSession(service, { schedule: (flush) => flush(), onBusy: (b) => busy.push(b) });
  return { twin, engine, repos, busy, service };
}

describe('TwinSession', () => {
  it('imports a CSV with a skipped-lines report, offers its questions, and answers a chip from saved answers', async () => {
    const { twin, engine } = make();
    await twin.init();
    expect(twin.profile).toBeUndefined();
    await twin.newProfile('Ada');
    await twin.importQaCsv(new File(['Question,Answer\nWhy Rust?,Because it is safe.\nEmpty?,\nWhy us?,Your tools.\n'], 'qa.csv'));
    expect(twin.notice).toMatchObject({ kind: 'warn', skipped: [{ line: 3, reason: 'the answer is empty' }] });
    expect(twin.notice?.text).toContain('Imported 2 answers');
    expect(twin.suggestions.map((s) => s.text)).toEqual(['Why Rust?', 'Why us?']);

    await twin.send('Why Rust?');
    expect(engine.requests).toHaveLength(0);
    expect(twin.messages.map((m) => m.text)).toEqual(['Why Rust?', 'Because it is safe.']);
    expect(twin.messages[1]?.source).toBe('saved-answer');
    expect(twin.suggestions.map((s) => s.text)).toEqual(['Why us?']);
    expect(twin.inspect?.source).toBe('saved-answer');

    await twin.generateFresh();
    expect(engine.requests).toHaveLength(1);
    expect(twin.messages.at(-1)).toMatchObject({
      source: 'model',
      text: 'Model answer, streamed in pieces.',
      engineLabel: 'Test remote model',
    });
    expect(twin.inspect?.systemMessage).toContain('Interviewer: Why Rust?');
    expect(twin.status).toBe('idle');
  });

  it('resumes the latest conversation after a reload', async () => {
    const { twin, service } = make();
    await twin.init();
    await twin.newProfile('Ada');
    await twin.send('What do you do?');
    // A second question goes through the reactive session state (proxies must not reach storage).
    await twin.send('And before that?');
    expect(twin.error).toBeUndefined();
    const again = new TwinSession(service);
    await again.init();
    expect(again.profile?.name).toBe('Ada');
    expect(again.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('shows errors on the right side and keeps the question for Retry', async () => {
    const { twin } = make();
    await twin.init();
    await twin.newProfile('Ada');
    await twin.importPack(new File(['{"format":"something-else"}'], 'x.json'));
    expect(twin.profileError?.code).toBe('invalid-import');
    await twin.updateProfile({ name: '  ' });
    expect(twin.profileError?.message).toMatch(/name/);
    expect(twin.profile?.name).toBe('Ada');
  });
});

describe('TwinSession sending', () => {
  it('a second question while the first is still being saved is ignored: one question, one answer, one session', async () => {
    const { twin, engine, repos } = make();
    await twin.init();
    await twin.newProfile('Ada');
    // A double-click on a chip: both calls start before either has saved anything.
    const first = twin.send('Why Rust?');
    const second = twin.send('Why Rust?');
    expect(twin.busy).toBe(true);
    await Promise.all([first, second]);
    expect(twin.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(engine.requests).toHaveLength(1);
    const sessions = (await repos.sessions.list()).filter((s) => s.mode === 'twin');
    expect(sessions).toHaveLength(1);
    expect(twin.sessions).toHaveLength(1);
    expect((await repos.messages.listBySession(sessions[0]!.id)).map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('a typed question while a chip is being saved is ignored too, and the next question joins the same session', async () => {
    const { twin, repos } = make();
    await twin.init();
    await twin.newProfile('Ada');
    const chip = twin.send('Why Rust?');
    const typed = twin.send('Why us?');
    await Promise.all([chip, typed]);
    expect(twin.messages.filter((m) => m.role === 'user').map((m) => m.text)).toEqual(['Why Rust?']);
    await twin.send('Why us?');
    expect(twin.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect((await repos.sessions.list()).filter((s) => s.mode === 'twin')).toHaveLength(1);
  });

  it('Stop while the question is being saved keeps the question and asks nothing', async () => {
    const { twin, engine } = make();
    await twin.init();
    await twin.newProfile('Ada');
    const sending = twin.send('Why Rust?');
    twin.stop();
    await sending;
    expect(engine.requests).toHaveLength(0);
    expect(twin.messages.map((m) => m.role)).toEqual(['user']);
    expect(twin.busy).toBe(false);
    expect(twin.status).toBe('idle');
    await twin.retry();
    expect(twin.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  });
});

describe('TwinSession profile edits', () => {
  /** A file whose text arrives only when the test says so (a slow disk, a big CSV). */
  function slowFile(text: string, name: string): { file: File; release: () => void } {
    let release = () => {};
    const ready = new Promise<void>((resolve) => (release = resolve));
    const file = new File([text], name);
    Object.defineProperty(file, 'text', { value: async () => (await ready, text) });
    return { file, release };
  }

  it('an import that finishes after a typed save keeps the typed text (changes run one after another)', async () => {
    const { twin, repos } = make();
    await twin.init();
    await twin.newProfile('Ada');
    const csv = slowFile('Question,Answer\nWhy Rust?,Because it is safe.\n', 'qa.csv');
    const importing = twin.importQaCsv(csv.file);
    const typing = twin.updateProfile({ resume: 'Pasted while the CSV was read.' });
    csv.release();
    expect(await typing).toBe(true);
    await importing;
    const stored = await repos.profiles.get(twin.profile!.id);
    expect(stored?.resume).toBe('Pasted while the CSV was read.');
    expect(stored?.qa.map((p) => p.question)).toEqual(['Why Rust?']);
    expect(twin.profile?.resume).toBe('Pasted while the CSV was read.');
  });

  it('a save that lands after switching profiles goes to the profile it was typed into', async () => {
    const { twin, repos } = make();
    await twin.init();
    await twin.newProfile('Ada');
    const ada = twin.profile!.id;
    await twin.newProfile('Grace');
    const grace = twin.profile!.id;
    expect(await twin.updateProfile({ resume: 'Ada’s resume' }, ada)).toBe(true);
    expect(twin.profile?.id).toBe(grace);
    expect(twin.profile?.resume).toBe('');
    expect((await repos.profiles.get(ada))?.resume).toBe('Ada’s resume');
    expect((await repos.profiles.get(grace))?.resume).toBe('');
    expect(twin.profiles.find((p) => p.id === ada)?.resume).toBe('Ada’s resume');
  });

  it('typing keeps the import notice; a save into a deleted profile is dropped', async () => {
    const { twin, repos } = make();
    await twin.init();
    await twin.newProfile('Ada');
    await twin.importQaCsv(new File(['Question,Answer\nWhy Rust?,Because it is safe.\n'], 'qa.csv'));
    expect(twin.notice?.text).toContain('Imported 1 answer');
    await twin.updateProfile({ name: 'Ada L.' });
    expect(twin.notice?.text).toContain('Imported 1 answer');
    const id = twin.profile!.id;
    await twin.deleteProfile();
    expect(await twin.updateProfile({ resume: 'late' }, id)).toBe(true);
    expect(await repos.profiles.get(id)).toBeUndefined();
  });
});

describe('TwinSession remote notice', () => {
  it('holds the first question until the user agrees to send text to the remote host', async () => {
    const { service, engine } = make();
    let acknowledged = false;
    const twin = new TwinSession(service, {
      schedule: (flush) => flush(),
      remote: { host: () => 'api.example.test', needsNotice: () => !acknowledged, acknowledge: async () => void (acknowledged = true) },
    });
    await twin.init();
    await twin.newProfile('Ada');
    await twin.send('What do you do?');
    expect(twin.pendingRemote).toEqual({ host: 'api.example.test', question: 'What do you do?' });
    expect(twin.messages).toHaveLength(0);
    await twin.confirmRemote();
    expect(acknowledged).toBe(true);
    expect(twin.pendingRemote).toBeUndefined();
    expect(engine.requests).toHaveLength(1);
    expect(twin.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  });
});
