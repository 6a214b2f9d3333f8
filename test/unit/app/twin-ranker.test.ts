import { describe, expect, it } from 'vitest';
import { RetrieverTwinRanker } from '../../../src/app/twin-ranker';
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
});
