import { describe, expect, it } from 'vitest';
import { Bm25Retriever } from '../../../../src/domain/retrieval/bm25-retriever';

const jd = [
  { id: 'jd-1', documentId: 'jd', text: 'You will design and operate Kubernetes clusters on AWS.' },
  { id: 'jd-2', documentId: 'jd', text: 'Strong TypeScript and React experience for our dashboard.' },
  { id: 'jd-3', documentId: 'jd', text: 'Mentor junior engineers and lead code reviews.' },
  { id: 'jd-4', documentId: 'jd', text: 'Experience with PostgreSQL query tuning and indexing.' },
];

describe('Bm25Retriever', () => {
  it('ranks the chunk that shares the rare query terms first', async () => {
    const r = new Bm25Retriever();
    await r.index('s1', jd);
    const hits = await r.search(['s1'], { query: 'tuning Postgres queries? PostgreSQL', k: 2 });
    expect(hits[0]?.id).toBe('jd-4');
    expect(hits[0]?.documentId).toBe('jd');
    expect(hits[0]?.text).toBe(jd[3]?.text);
    expect(hits.length).toBe(1);
  });

  it('matches inflections (mentoring → mentor, reviewing → review)', async () => {
    const r = new Bm25Retriever();
    await r.index('s1', jd);
    const hits = await r.search(['s1'], { query: 'mentoring and reviewing', k: 3 });
    expect(hits[0]?.id).toBe('jd-3');
  });

  it('returns nothing for stop-word-only queries, unknown namespaces and k = 0', async () => {
    const r = new Bm25Retriever();
    await r.index('s1', jd);
    expect(await r.search(['s1'], { query: 'the and of', k: 3 })).toEqual([]);
    expect(await r.search(['nope'], { query: 'React', k: 3 })).toEqual([]);
    expect(await r.search(['s1'], { query: 'React', k: 0 })).toEqual([]);
  });

  it('searches several namespaces together and respects k', async () => {
    const r = new Bm25Retriever();
    await r.index('jd', jd);
    await r.index('resume', [{ id: 'cv-1', documentId: 'cv', text: 'Built a React and TypeScript design system used by 40 engineers.' }]);
    const hits = await r.search(['jd', 'resume'], { query: 'React TypeScript', k: 5 });
    expect(hits.map((h) => h.id).sort()).toEqual(['cv-1', 'jd-2']);
    expect((await r.search(['jd', 'resume'], { query: 'React TypeScript', k: 1 })).length).toBe(1);
  });

  it('boosts exact phrases and matching tags', async () => {
    const chunks = [
      { id: 'a', documentId: 'p', text: 'Systems that are distributed across regions, with design reviews.', tags: ['go'] },
      { id: 'b', documentId: 'p', text: 'Distributed systems design for a payments ledger.', tags: ['rust'] },
    ];
    const plain = new Bm25Retriever({ phraseBoost: 0, tagBoost: 0 });
    await plain.index('p', chunks);
    const boosted = new Bm25Retriever({ phraseBoost: 0.5, tagBoost: 0.3 });
    await boosted.index('p', chunks);
    const q = { query: 'distributed systems design', k: 2 };
    const base = await plain.search(['p'], q);
    const withPhrase = await boosted.search(['p'], q);
    const b0 = base.find((h) => h.id === 'b')?.score ?? 0;
    const b1 = withPhrase.find((h) => h.id === 'b')?.score ?? 0;
    expect(b1).toBeCloseTo(b0 * 1.5, 6);
    // 'a' lacks the phrase: unchanged.
    expect(withPhrase.find((h) => h.id === 'a')?.score).toBeCloseTo(base.find((h) => h.id === 'a')?.score ?? -1, 6);
    const tagged = await boosted.search(['p'], { query: 'systems', k: 2, boostTags: ['Go'] });
    expect(tagged[0]?.id).toBe('a');
    expect(tagged[0]?.tags).toEqual(['go']);
  });

  it('reports progress, replaces chunks by id, and drops namespaces', async () => {
    const r = new Bm25Retriever();
    const seen: [number, number][] = [];
    await r.index('s1', jd, (done, total) => seen.push([done, total]));
    expect(seen.at(-1)).toEqual([4, 4]);
    await r.index('s1', [{ id: 'jd-2', documentId: 'jd', text: 'Golang microservices.' }]);
    expect(await r.search(['s1'], { query: 'React', k: 3 })).toEqual([]);
    expect((await r.search(['s1'], { query: 'golang', k: 3 }))[0]?.id).toBe('jd-2');
    await r.drop('s1');
    expect(await r.search(['s1'], { query: 'golang', k: 3 })).toEqual([]);
  });
});
