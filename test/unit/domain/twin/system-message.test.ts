import { describe, expect, it } from 'vitest';
import { boostProjectsByTags, buildTwinSystemMessage, twinBudgets, type TwinSystemInput } from '../../../../src/domain/twin/system-message';
import type { Project, QAPair } from '../../../../src/domain/records';
import { approximateTokenCounter } from '../../../../src/domain/tokens';

const qa = (n: number, score: number) => ({
  item: { id: `q${n}`, question: `Question ${n}?`, answer: `Answer number ${n}.` } as QAPair,
  score,
});
const project = (n: number, tags: string[], score: number) => ({
  item: { id: `p${n}`, title: `Project ${n}`, description: `About project ${n}.`, tags } as Project,
  score,
});

function input(over: Partial<TwinSystemInput> = {}): TwinSystemInput {
  return {
    name: 'Ada',
    instructions: 'You are {{name}}.',
    resume: 'Ada built compilers. She led teams.',
    question: 'Tell me about your Rust work',
    qa: [qa(1, 0.2), qa(2, 0.9), qa(3, 0.5), qa(4, 0.7)],
    projects: [project(1, ['Python'], 0.6), project(2, ['Rust'], 0.3), project(3, [], 0.5)],
    budgets: { instructions: 100, resume: 100, examples: 200, projects: 200 },
    countTokens: approximateTokenCounter,
    ...over,
  };
}

describe('buildTwinSystemMessage', () => {
  it('puts instructions first, then resume, the top 3 pairs and the top 2 projects', () => {
    const out = buildTwinSystemMessage(input());
    expect(out.text.startsWith('You are Ada.')).toBe(true);
    expect(out.text).toContain("## Ada's resume\nAda built compilers.");
    expect(out.examples.map((e) => e.item.id)).toEqual(['q2', 'q4', 'q3']);
    expect(out.text).toContain('Interviewer: Question 2?\nAda: Answer number 2.');
    expect(out.text).not.toContain('Question 1?');
    // "Rust" is named in the question: the tag boost lifts project 2 over higher raw scores.
    expect(out.projects.map((p) => p.item.id)).toEqual(['p2', 'p1']);
    expect(out.text).toContain('### Project 2\nTags: Rust');
    expect(out.text).not.toContain('Project 3');
    expect(out.text.indexOf('resume')).toBeLessThan(out.text.indexOf('Interviewer:'));
    expect(out.text.indexOf('Interviewer:')).toBeLessThan(out.text.indexOf('### Project'));
  });

  it('keeps each part within its own budget and shortens the resume at a sentence', () => {
    const resume = Array.from({ length: 200 }, (_, i) => `Sentence ${i} about work.`).join(' ');
    const out = buildTwinSystemMessage(input({ resume, budgets: { instructions: 100, resume: 50, examples: 12, projects: 200 } }));
    expect(out.resumeTruncated).toBe(true);
    expect(out.partTokens.resume).toBeLessThanOrEqual(50);
    expect(out.text).toMatch(/about work\. \[…\]/);
    expect(out.partTokens.examples).toBeLessThanOrEqual(12);
    expect(out.examples.length).toBeLessThan(3);
  });

  it('omits empty sections', () => {
    const out = buildTwinSystemMessage(input({ resume: '', qa: [], projects: [] }));
    expect(out.text).toBe('You are Ada.');
  });

  it('budgets grow with the context window but stay capped', () => {
    const small = twinBudgets(4096);
    const big = twinBudgets(128_000);
    expect(big.resume).toBeGreaterThan(small.resume);
    expect(big.resume).toBe(2500);
  });
});

describe('boostProjectsByTags', () => {
  it('boosts multi-word tags only when every word is in the question', () => {
    const ranked = boostProjectsByTags(
      [project(1, ['machine learning'], 0.1), project(2, ['machine vision'], 0.2)],
      'Any machine learning?',
      1,
    );
    expect(ranked.map((p) => p.item.id)).toEqual(['p1', 'p2']);
    expect(ranked[0]?.score).toBeCloseTo(0.3);
    expect(ranked[1]?.score).toBeCloseTo(0.2);
  });
});
