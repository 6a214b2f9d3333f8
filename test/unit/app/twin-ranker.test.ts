import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { RetrieverTwinRanker } from '../../../src/app/twin/twin-ranker';
import { HybridRetriever } from '../../../src/app/hybrid-retriever';
import { openRehearseDB } from '../../../src/adapters/storage/db';
import { IdbVectorStore } from '../../../src/adapters/storage/idb-vector-store';
import { HashEmbedder } from '../../doubles/hash-embedder';
import { Bm25Retriever } from '../../../src/domain/retrieval/bm25-retriever';
import type { TwinProfile } from '../../../src/domain/twin/types';

function profile(qa: [string, string][], updatedAt = 1): TwinProfile {
  return {
    id: 'p',
    name: 'Ada',
    systemPrompt: '',
    resume: '',
    qa: qa.map(([question, answer], i) => ({ id: `q${i}`, question, answer })),
    projects: [{ id: 'x', title: 'Rust optimizer', description: 'Peephole passes.', tags: ['rust'] }],
    createdAt: 1,
    updatedAt,
  };
}

describe('RetrieverTwinRanker', () => {
  it('ranks questions, measures bounded similarity and pads to 3 examples', async () => {
    const ranker = new RetrieverTwinRanker(new Bm25Retriever());
    const out = await ranker.rank(
      profile([
        ['What is your greatest weakness?', 'a'],
        ['Why Rust?', 'b'],
        ['Salary?', 'c'],
      ]),
      'your greatest weakness',
    );
    expect(out.qa[0]?.item.id).toBe('q0');
    expect(out.qa).toHaveLength(3);
    expect(out.similarity[0]?.score).toBeGreaterThan(0.7);
    expect(out.similarity[0]?.score).toBeLessThanOrEqual(1);
    expect(out.projects.map((p) => p.item.id)).toEqual(['x']);
    // What the search did not find is named, so Inspect can say it was added to reach the minimum.
    expect(out.filled).toEqual(['q1', 'q2', 'x']);
  });

  it('rebuilds from scratch when the profile changes, so removed pairs are gone', async () => {
    const retriever = new Bm25Retriever();
    const ranker = new RetrieverTwinRanker(retriever);
    await ranker.rank(profile([['Why Rust?', 'old']], 1), 'rust');
    const after = await ranker.rank(profile([['Why Go?', 'new']], 2), 'rust');
    expect(after.qa.map((s) => s.item.answer)).toEqual(['new']);
    expect(after.qa[0]?.score).toBe(0);
    await ranker.forget('p');
    expect(retriever.has('twin:p:qa')).toBe(false);
  });

  it('an edit that leaves the pairs and projects as they were (name, instructions, resume) does not index again', async () => {
    const retriever = new Bm25Retriever();
    let indexed = 0;
    const index = retriever.index.bind(retriever);
    retriever.index = (...args: Parameters<typeof index>) => {
      indexed++;
      return index(...args);
    };
    const ranker = new RetrieverTwinRanker(retriever);
    const pairs: [string, string][] = [['Why Rust?', 'Safety.']];
    await ranker.rank(profile(pairs, 1), 'rust');
    expect(indexed).toBe(2); // pairs and projects
    for (let version = 2; version < 12; version++) {
      await ranker.rank({ ...profile(pairs, version), resume: `typed ${version}`, name: `Ada ${version}` }, 'rust');
    }
    expect(indexed).toBe(2);
    // A changed answer or project is a real change: rebuilt, and the new text is what comes back.
    const edited = await ranker.rank(profile([['Why Rust?', 'Speed.']], 20), 'rust');
    expect(indexed).toBe(4);
    expect(edited.qa[0]?.item.answer).toBe('Speed.');
    const retagged = profile(pairs, 21);
    retagged.projects[0]!.tags = ['go'];
    await ranker.rank(retagged, 'rust');
    expect(indexed).toBe(6);
  });

  it('reports indexing progress', async () => {
    const ranker = new RetrieverTwinRanker(new Bm25Retriever());
    const seen: number[] = [];
    const many = Array.from({ length: 250 }, (_, i) => [`Question ${i}?`, `Answer ${i}`] as [string, string]);
    await ranker.rank(profile(many), 'Question 7?', (done) => seen.push(done));
    expect(seen.at(-1)).toBe(250);
  });
});

describe('RetrieverTwinRanker with a failing embedder', () => {
  it('falls back to word similarity instead of failing the answer', async () => {
    const broken = { modelId: 'm', dims: 3, embed: async () => Promise.reject(new Error('offline')) };
    const ranker = new RetrieverTwinRanker(new Bm25Retriever(), broken);
    const out = await ranker.rank(profile([['What is your greatest weakness?', 'a']]), 'What is your greatest weakness?');
    expect(out.similarityMethod).toBe('words');
    expect(out.similarity[0]?.score).toBeCloseTo(1);
  });

  it('after a reload, keeps a stored index that already holds the profile instead of embedding it again', async () => {
    const name = `twin-ranker-${Math.random()}`;
    const pairs: [string, string][] = [
      ['Tell me about yourself.', 'I build compilers.'],
      ['What is your greatest weakness?', 'I over-prepare.'],
      ['Describe a conflict with a coworker.', 'We paired on it.'],
    ];
    const open = () => {
      const embedder = new HashEmbedder();
      const ranker = new RetrieverTwinRanker(new HybridRetriever(embedder, new IdbVectorStore(() => openRehearseDB({ name }))), embedder);
      return { embedder, ranker };
    };
    const first = open();
    const before = await first.ranker.rank(profile(pairs), 'Tell me about a conflict.');
    expect(first.embedder.embeddedTexts).toBeGreaterThanOrEqual(4);

    // A new page: new retriever and embedder over the same database, same profile version.
    const second = open();
    const ranking = await second.ranker.rank(profile(pairs), 'Tell me about a conflict.');
    // The same results as before the reload, from the stored index.
    expect(ranking.qa.map((s) => [s.item.id, s.score])).toEqual(before.qa.map((s) => [s.item.id, s.score]));
    // The same query work as the first page, minus indexing the 3 pairs and 1 project again.
    expect(second.embedder.embeddedTexts).toBe(first.embedder.embeddedTexts - 4);

    // A changed profile is rebuilt: the removed pair is gone from the results.
    const third = open();
    const changed = await third.ranker.rank(profile(pairs.slice(0, 2), 2), 'Tell me about a conflict.');
    expect(changed.qa.map((s) => s.item.question)).not.toContain('Describe a conflict with a coworker.');
  });
});
