/**
 * The twin services on the real IndexedDB repositories (fake-indexeddb: unique indexes,
 * transactions and the session revision rule), with a recording engine and BM25 ranking.
 */
import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';
import { deleteRehearseDB, openRehearseDB, type RehearseDatabase } from '../../../src/adapters/storage/db';
import { createIdbRepositories } from '../../../src/adapters/storage/idb-repositories';
import { ProfileEditor } from '../../../src/app/twin/profile-editor';
import { type TwinFileReaders } from '../../../src/ports/twin-files';
import { TwinConversations } from '../../../src/app/twin/conversations';
import { RetrieverTwinRanker } from '../../../src/app/twin/twin-ranker';
import { Bm25Retriever } from '../../../src/domain/retrieval/bm25-retriever';
import { parseQaCsv } from '../../../src/adapters/files/csv-import';
import { projectFromMarkdown } from '../../../src/adapters/files/project-markdown';
import { approximateTokenCounter } from '../../doubles/approximate-token-counter';
import type { TwinProfile } from '../../../src/domain/twin/types';
import type { ChatEngine } from '../../../src/ports/chat-engine';
import type { Embedder } from '../../../src/ports/ml';
import { RecordingChatEngine, type Reply } from '../../doubles/twin-recording-engine';

export const files: TwinFileReaders = {
  readQaCsv: async (file, makeId) => parseQaCsv(await file.text(), makeId),
  readProjectMarkdown: async (file) => projectFromMarkdown(await file.text(), file.name),
  readText: async (file) => ({ text: await file.text(), title: file.name }),
};

export const CSV = [
  'Question,Answer',
  '"Tell me about yourself.","I am Ada, a compiler engineer who loves teaching."',
  '"What is your greatest weakness?","I over-prepare; I now timebox research."',
  '"Why do you want to leave your job?","I want to work on developer tools full time."',
  '"Describe a conflict with a coworker.","We disagreed on testing; we paired and agreed on a plan."',
  '"What are your salary expectations?","Market rate for a senior engineer."',
].join('\n');

const open: RehearseDatabase[] = [];
let dbCount = 0;
afterEach(async () => {
  for (const db of open.splice(0)) {
    db.close();
    await deleteRehearseDB(db.name);
  }
});

export interface TwinSetupOptions {
  contextWindow?: number;
  embedder?: Embedder;
  kind?: 'remote' | 'webllm';
  /** Clock; defaults to a counter. */
  now?: () => number;
}

export async function twinSetup(reply: Reply, options: TwinSetupOptions = {}) {
  const db = await openRehearseDB({ name: `twin-test-${++dbCount}` });
  open.push(db);
  const repos = createIdbRepositories(db);
  const engine = new RecordingChatEngine(reply, options.contextWindow ?? 4096, options.kind ?? 'remote');
  let n = 0;
  let time = 1_000;
  const clock = { now: options.now ?? (() => ++time) };
  const newId = () => `id${++n}`;
  const ranker = new RetrieverTwinRanker(new Bm25Retriever(), options.embedder);
  const editor = new ProfileEditor({
    engine: (): ChatEngine => engine,
    repos,
    ranker,
    files,
    clock,
    newId,
    countTokens: approximateTokenCounter,
  });
  const conversations = new TwinConversations({
    engine: (): ChatEngine => engine,
    repos,
    ranker,
    clock,
    newId,
    countTokens: approximateTokenCounter,
  });
  return { db, repos, engine, editor, conversations };
}

export async function readyProfile(editor: ProfileEditor): Promise<TwinProfile> {
  let profile = await editor.createProfile('Ada');
  profile = (await editor.importQaCsv(profile, new File([CSV], 'qa.csv'))).profile;
  profile = await editor.saveProfile({
    ...profile,
    resume: 'Ada Lovelace. Compiler engineer at Acme. Built a Rust optimizer. Teaches workshops.',
  });
  profile = (
    await editor.importProjects(profile, [
      new File(['# Rust optimizer\nTags: Rust, compilers\n\nA peephole optimizer.'], 'opt.md'),
      new File(['# Garden app\nTags: gardening\n\nTracks watering.'], 'garden.md'),
      new File(['# Teaching kit\nTags: teaching\n\nWorkshop slides about conflict and feedback.'], 'teach.md'),
    ])
  ).profile;
  return profile;
}
