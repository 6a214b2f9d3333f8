import { describe, expect, it } from 'vitest';
import { escapeStopsReply } from '../../../src/lib/escape-stop';
import { exampleNote, formatSimilarity, ordinal, projectNote } from '../../../src/features/twin/inspect-labels';
import { profileContents, profileHasContent, profileStartsOpen } from '../../../src/features/twin/profile-summary';
import type { TwinProfile } from '../../../src/domain/twin/types';
import type { Project, QAPair } from '../../../src/domain/records';

const pair: QAPair = { id: 'q', question: 'Why Rust?', answer: 'Safety.' };
const project: Project = { id: 'p', title: 'Rust optimizer', description: 'Peephole passes.', tags: ['Rust', 'compilers'] };

function profile(patch: Partial<TwinProfile> = {}): TwinProfile {
  return { id: 'a', name: 'Ada', systemPrompt: '', resume: '', qa: [], projects: [], createdAt: 1, updatedAt: 1, ...patch };
}

describe('Esc stops the twin reply', () => {
  const key = (patch: Partial<Parameters<typeof escapeStopsReply>[0]> = {}) => ({
    key: 'Escape',
    defaultPrevented: false,
    target: null,
    ...patch,
  });
  const inside = (selector: string | null) => ({ closest: (s: string) => (selector && s.includes(selector) ? {} : null) }) as never;

  it('from anywhere while a reply runs', () => {
    expect(escapeStopsReply(key(), true)).toBe(true);
    expect(escapeStopsReply(key({ target: inside(null) }), true)).toBe(true);
  });

  it('not when nothing runs, for another key, or when another handler used it', () => {
    expect(escapeStopsReply(key(), false)).toBe(false);
    expect(escapeStopsReply(key({ key: 'Enter' }), true)).toBe(false);
    expect(escapeStopsReply(key({ defaultPrevented: true }), true)).toBe(false);
    expect(escapeStopsReply(key({ isComposing: true }), true)).toBe(false);
  });

  it('never takes Esc from a dialog', () => {
    expect(escapeStopsReply(key({ target: inside('dialog') }), true)).toBe(false);
    expect(escapeStopsReply(key(), true, () => true)).toBe(false);
  });
});

describe('Inspect labels', () => {
  it('ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '101st',
      '111th',
    ]);
  });

  it('a real similarity is shown with what it measures; a found item without one says it was found; zeros never show', () => {
    expect(exampleNote({ item: pair, score: 0.03, found: true, similarity: 0.8249 }, 'embeddings')).toBe('match 0.82 by meaning');
    expect(exampleNote({ item: pair, score: 4.2, found: true, similarity: 0.5 }, 'words')).toBe('match 0.50 by shared words');
    expect(exampleNote({ item: pair, score: 0.016, found: true, similarity: 0 }, 'words')).toBe('found by the search for this question');
    expect(exampleNote({ item: pair, score: 0.016, found: true }, 'words')).toBe('found by the search for this question');
    // Already in the conversation the engine sees: said so, since it was not sent with this question.
    expect(exampleNote({ item: pair, score: 0.016, found: true, earlier: true }, 'words')).toBe(
      'found by the search for this question · already given with an earlier question',
    );
    expect(projectNote({ item: project, score: 0.03, found: true, tags: [], earlier: true })).toBe(
      'found by the search for this question · already given with an earlier question',
    );
    expect(exampleNote({ item: pair, score: 0, found: false, similarity: 0 }, 'words')).toBe(
      'no close match: added as an example of your voice',
    );
    expect(formatSimilarity(0.85)).toBe('0.85');
  });

  it('projects say which named tags brought them in', () => {
    expect(projectNote({ item: project, score: 0.03, found: true, tags: [] })).toBe('found by the search for this question');
    expect(projectNote({ item: project, score: 0.03, found: true, tags: ['Rust'] })).toBe(
      'found by the search · tag “Rust” named in the question',
    );
    expect(projectNote({ item: project, score: 0, found: false, tags: ['Rust', 'compilers'] })).toBe(
      'tags “Rust”, “compilers” named in the question',
    );
    expect(projectNote({ item: project, score: 0, found: false, tags: [] })).toBe(
      'no close match: added so the twin knows some of your projects',
    );
    for (const note of [
      projectNote({ item: project, score: 0, found: false }),
      exampleNote({ item: pair, score: 0, found: true }, 'words'),
    ]) {
      expect(note).not.toMatch(/0\.0/);
    }
  });
});

describe('Folding the profile on phones', () => {
  it('an empty profile starts open; one with content starts folded on narrow screens only', () => {
    expect(profileHasContent(undefined)).toBe(false);
    expect(profileHasContent(profile())).toBe(false);
    expect(profileHasContent(profile({ resume: '  ' }))).toBe(false);
    expect(profileHasContent(profile({ resume: 'Ada Lovelace' }))).toBe(true);
    expect(profileHasContent(profile({ qa: [pair] }))).toBe(true);
    expect(profileHasContent(profile({ projects: [project] }))).toBe(true);

    expect(profileStartsOpen(undefined, false, false)).toBe(true);
    expect(profileStartsOpen(profile(), false, false)).toBe(true);
    expect(profileStartsOpen(profile({ qa: [pair] }), false, false)).toBe(false);
    expect(profileStartsOpen(profile({ qa: [pair] }), true, false)).toBe(true);
    // A project being written when the page was reloaded: its editor is shown again.
    expect(profileStartsOpen(profile({ qa: [pair] }), false, true)).toBe(true);
  });

  it('says what the folded profile holds', () => {
    expect(profileContents(profile())).toBe('');
    expect(profileContents(profile({ resume: 'x', qa: [pair, { ...pair, id: 'r' }], projects: [project] }))).toBe(
      'resume · 2 saved answers · 1 project',
    );
    expect(profileContents(profile({ qa: [pair] }))).toBe('1 saved answer');
  });
});
