import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openRehearseDB, upgrades, deleteRehearseDB } from '../../../../src/adapters/storage/db';
import { createIdbRepositories } from '../../../../src/adapters/storage/idb-repositories';
import type { SessionRecord, MessageRecord } from '../../../../src/domain/records';
import { defaultSettings } from '../../../../src/domain/settings-defaults';
import { jobKeyOf } from '../../../../src/domain/coaching/job-key';
import { sessionSummaryOf } from '../../../../src/domain/session-summary';

const JD = 'Senior engineer\n- Python\n- PostgreSQL';

const session = (id: string, updatedAt: number): SessionRecord => ({
  id,
  mode: 'practice',
  title: `Session ${id}`,
  status: 'active',
  createdAt: 1,
  updatedAt,
  usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
  engines: [],
});
const message = (sessionId: string, index: number): MessageRecord => ({
  id: `${sessionId}-${index}`,
  sessionId,
  index,
  role: index % 2 ? 'user' : 'assistant',
  text: `m${index}`,
  createdAt: index,
});

/** Data written with the repositories of each schema version, to check it survives later upgrades. */
async function fillVersion(name: string, version: number) {
  const db = await openRehearseDB({ name, version });
  const repos = createIdbRepositories(db);
  // Before v3 the repositories wrote sessions alone (today's also write a summary, into a store
  // an older database does not have); v3 wrote summaries without the fields v4 added. Write
  // them as those versions did.
  const putSession = async (s: SessionRecord) => {
    if (version >= 4) return repos.sessions.put(s);
    await db.put('sessions', { ...s, revision: 1 });
    if (version === 3) {
      const { questions: _questions, style: _style, scoredAt: _scoredAt, ...v3Summary } = sessionSummaryOf({ ...s, revision: 1 });
      await db.put('sessionSummaries', v3Summary);
    }
  };
  await putSession({
    ...session(`s${version}`, version),
    setup: { jobDescription: JD, resume: '', type: 'professional', questionCount: 3, style: 'friendly', language: 'en' },
    // From v2 on the app sets the key when it creates the session; v1 had none.
    ...(version >= 2 ? { jobKey: jobKeyOf(JD) } : {}),
    guideline: {
      questions: [
        { id: 'q1', text: 'Tell me about a migration.', topic: 'Databases', requirement: 'PostgreSQL' },
        { id: 'q2', text: 'And Python?', topic: 'Python', requirement: 'Python', source: { sessionId: 'older', questionId: 'q9' } },
      ],
      groundedIn: [],
    },
    feedback: {
      overallScore: 64,
      summary: 'ok',
      categories: { relevance: 6, depth: 5, structure: 7, clarity: 6, confidence: 6 },
      questions: [
        {
          questionId: 'q1',
          question: 'Tell me about a migration.',
          requirement: 'PostgreSQL',
          score: 4,
          evidence: [],
          strengths: [],
          improvements: [],
          sampleAnswer: '',
        },
      ],
      strengths: [],
      improvements: [],
      engineId: 'e',
      createdAt: 2,
    },
  });
  await putSession({ ...session(`twin${version}`, version), mode: 'twin', profileId: `p${version}` });
  if (version >= 2) {
    await repos.jobs.put({
      id: jobKeyOf(JD),
      title: 'Senior engineer',
      requirements: [{ id: 'r1', text: 'Python' }],
      createdAt: 1,
      updatedAt: 1,
    });
  }
  for (let i = 0; i < 3; i++) await repos.messages.put(message(`s${version}`, i));
  await repos.documents.put({
    id: `d${version}`,
    kind: 'jd',
    title: 'JD',
    text: 'Senior engineer',
    sessionId: `s${version}`,
    createdAt: 1,
  });
  await repos.profiles.put({
    id: `p${version}`,
    name: 'Me',
    systemPrompt: 'x',
    resume: 'r',
    qa: [],
    projects: [],
    createdAt: 1,
    updatedAt: 1,
  });
  await repos.settings.put({ ...defaultSettings(), theme: 'dark' });
  db.close();
}

describe('IndexedDB schema', () => {
  it('has an upgrade step for every version', () => {
    expect(upgrades).toHaveLength(DB_VERSION);
  });

  for (let from = 1; from <= DB_VERSION; from++) {
    it(`opens a database created at version ${from} with nothing lost`, async () => {
      const name = `upgrade-test-${from}`;
      await fillVersion(name, from);
      const db = await openRehearseDB({ name });
      expect(db.version).toBe(DB_VERSION);
      const repos = createIdbRepositories(db);
      expect(await repos.sessions.get(`s${from}`)).toMatchObject({ title: `Session s${from}` });
      expect((await repos.messages.listBySession(`s${from}`)).map((m) => m.text)).toEqual(['m0', 'm1', 'm2']);
      expect(await db.get('documents', `d${from}`)).toMatchObject({ text: 'Senior engineer' });
      expect(await repos.profiles.get(`p${from}`)).toMatchObject({ name: 'Me' });
      expect((await repos.settings.get()).theme).toBe('dark');
      // v2: practice sessions saved before know their job; twin conversations have none.
      expect((await repos.sessions.get(`s${from}`))?.jobKey).toBe(jobKeyOf(JD));
      expect((await repos.sessions.listByJob(jobKeyOf(JD))).map((s) => s.id)).toEqual([`s${from}`]);
      expect((await repos.sessions.get(`twin${from}`))?.jobKey).toBeUndefined();
      if (from >= 2) expect(await repos.jobs.get(jobKeyOf(JD))).toMatchObject({ requirements: [{ id: 'r1', text: 'Python' }] });
      expect(await repos.jobs.list()).toHaveLength(from >= 2 ? 1 : 0);
      // v3: every session has its summary, the same the repositories write with it today.
      const summaries = await repos.sessions.summaries();
      expect(summaries.map((s) => s.id).sort()).toEqual([`s${from}`, `twin${from}`]);
      for (const summary of summaries) expect(summary).toEqual(sessionSummaryOf((await repos.sessions.get(summary.id))!));
      expect(summaries.find((s) => s.id === `s${from}`)).toMatchObject({
        jobKey: jobKeyOf(JD),
        jobTitle: 'Senior engineer',
        type: 'professional',
        feedback: { overallScore: 64, categories: { structure: 7 } },
      });
      // v4: each question's id, source and score, the style and when it was scored (Home's drill).
      expect(summaries.find((s) => s.id === `s${from}`)).toMatchObject({
        style: 'friendly',
        scoredAt: 2,
        questions: [
          { id: 'q1', score: 4 },
          { id: 'q2', source: { sessionId: 'older', questionId: 'q9' } },
        ],
      });
      db.close();
      await deleteRehearseDB(name);
    });
  }
});

describe('Erase everything', () => {
  it('removes the jobs store’s records with the rest of the database', async () => {
    const name = 'erase-jobs';
    const db = await openRehearseDB({ name });
    await createIdbRepositories(db).jobs.put({ id: 'job-x', title: 'JD', requirements: [], createdAt: 1, updatedAt: 1 });
    db.close();
    await deleteRehearseDB(name);
    const again = await openRehearseDB({ name });
    expect(await createIdbRepositories(again).jobs.list()).toEqual([]);
    again.close();
    await deleteRehearseDB(name);
  });
});

describe('IndexedDB repositories', () => {
  it('lists messages in order and sessions newest first', async () => {
    const db = await openRehearseDB({ name: 'repo-order' });
    const repos = createIdbRepositories(db);
    await repos.sessions.put(session('a', 1));
    await repos.sessions.put(session('b', 5));
    for (const i of [2, 0, 1]) await repos.messages.put(message('a', i));
    await repos.messages.put(message('b', 0));
    expect((await repos.sessions.list()).map((s) => s.id)).toEqual(['b', 'a']);
    expect((await repos.messages.listBySession('a')).map((m) => m.index)).toEqual([0, 1, 2]);
    db.close();
    await deleteRehearseDB('repo-order');
  });

  it('deleting a session removes its messages, documents and chunks in one go', async () => {
    const db = await openRehearseDB({ name: 'repo-delete' });
    const repos = createIdbRepositories(db);
    await repos.sessions.put(session('a', 1));
    await repos.sessions.put(session('keep', 1));
    await repos.messages.put(message('a', 0));
    await repos.messages.put(message('keep', 0));
    await repos.documents.put({ id: 'doc', kind: 'jd', title: 'JD', text: 't', sessionId: 'a', createdAt: 1 });
    await db.put('chunks', {
      id: 'c1',
      documentId: 'doc',
      namespace: 'doc',
      index: 0,
      text: 't',
      modelId: 'm',
      vector: new Float32Array([1, 0]),
    });
    await repos.sessions.delete('a');
    expect(await repos.sessions.get('a')).toBeUndefined();
    expect(await repos.messages.listBySession('a')).toEqual([]);
    expect(await db.get('documents', 'doc')).toBeUndefined();
    expect(await db.count('chunks')).toBe(0);
    expect(await repos.messages.listBySession('keep')).toHaveLength(1);
    db.close();
    await deleteRehearseDB('repo-delete');
  });

  it('fills settings fields missing from older records with defaults', async () => {
    const db = await openRehearseDB({ name: 'repo-settings' });
    await db.put('settings', { id: 'settings', theme: 'light' } as never);
    const settings = await createIdbRepositories(db).settings.get();
    expect(settings.theme).toBe('light');
    expect(settings.voice.silenceSeconds).toBe(2.5);
    db.close();
    await deleteRehearseDB('repo-settings');
  });
});
