import { describe, expect, it } from 'vitest';
import {
  boostProjectsByTags,
  buildQuestionNotes,
  buildTwinSystem,
  twinBudgets,
  type QuestionNotesInput,
  type TwinSystemInput,
} from '../../../../src/domain/twin/system-message';
import type { Project, QAPair } from '../../../../src/domain/records';
import { approximateTokenCounter } from '../../../doubles/approximate-token-counter';

const qa = (n: number, score: number) => ({
  item: { id: `q${n}`, question: `Question ${n}?`, answer: `Answer number ${n}.` } as QAPair,
  score,
});
const project = (n: number, tags: string[], score: number) => ({
  item: { id: `p${n}`, title: `Project ${n}`, description: `About project ${n}.`, tags } as Project,
  score,
});

const budgets = { instructions: 100, resume: 100, examples: 200, projects: 200 };

function systemInput(over: Partial<TwinSystemInput> = {}): TwinSystemInput {
  return {
    name: 'Ada',
    instructions: 'You are {{name}}.',
    resume: 'Ada built compilers. She led teams.',
    budgets,
    countTokens: approximateTokenCounter,
    ...over,
  };
}

function notesInput(over: Partial<QuestionNotesInput> = {}): QuestionNotesInput {
  return {
    name: 'Ada',
    question: 'Tell me about your Rust work',
    qa: [qa(1, 0.2), qa(2, 0.9), qa(3, 0.5), qa(4, 0.7)],
    projects: [project(1, ['Python'], 0.6), project(2, ['Rust'], 0.3), project(3, [], 0.5)],
    budgets,
    countTokens: approximateTokenCounter,
    ...over,
  };
}

describe('buildTwinSystem', () => {
  it('puts the instructions first, then the resume, and nothing that depends on the question', () => {
    const out = buildTwinSystem(systemInput());
    expect(out.text).toBe("You are Ada.\n\n## Ada's resume\nAda built compilers. She led teams.");
    expect(out.resumeTruncated).toBe(false);
  });

  it('keeps the resume within its budget, shortened at a sentence', () => {
    const resume = Array.from({ length: 200 }, (_, i) => `Sentence ${i} about work.`).join(' ');
    const out = buildTwinSystem(systemInput({ resume, budgets: { instructions: 100, resume: 50 } }));
    expect(out.resumeTruncated).toBe(true);
    expect(approximateTokenCounter(out.resume)).toBeLessThanOrEqual(50);
    expect(out.text).toMatch(/about work\. \[…\]/);
  });

  it('omits an empty resume', () => {
    expect(buildTwinSystem(systemInput({ resume: '' })).text).toBe('You are Ada.');
  });
});

describe('buildQuestionNotes', () => {
  it('gives the top 3 pairs, then the top 2 projects', () => {
    const out = buildQuestionNotes(notesInput());
    expect(out.examples.map((e) => e.item.id)).toEqual(['q2', 'q4', 'q3']);
    expect(out.text).toContain('Interviewer: Question 2?\nAda: Answer number 2.');
    expect(out.text).not.toContain('Question 1?');
    // "Rust" is named in the question: the tag boost lifts project 2 over higher raw scores.
    expect(out.projects.map((p) => p.item.id)).toEqual(['p2', 'p1']);
    expect(out.text).toContain('### Project 2\nTags: Rust');
    expect(out.text).not.toContain('Project 3');
    expect(out.text.indexOf('Interviewer:')).toBeLessThan(out.text.indexOf('### Project'));
  });

  it('keeps the examples within their budget', () => {
    const out = buildQuestionNotes(notesInput({ budgets: { examples: 12, projects: 200 } }));
    expect(out.examples.length).toBeLessThan(3);
  });

  it('does not repeat what the engine still has from an earlier question, and says so', () => {
    const first = buildQuestionNotes(notesInput());
    const again = buildQuestionNotes(notesInput({ earlier: [`${first.text}\n\nThe interviewer asks: earlier`] }));
    expect(again.text).toBe('');
    expect(again.examples.map((e) => [e.item.id, e.earlier])).toEqual([
      ['q2', true],
      ['q4', true],
      ['q3', true],
    ]);
    expect(again.projects.every((p) => p.earlier)).toBe(true);
  });

  it('is empty without pairs and projects', () => {
    expect(buildQuestionNotes(notesInput({ qa: [], projects: [] })).text).toBe('');
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
