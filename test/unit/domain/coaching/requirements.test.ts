import { describe, expect, it } from 'vitest';
import { extractRequirements } from '../../../../src/domain/coaching/requirements';
import { jobKeyOf } from '../../../../src/domain/coaching/job-key';

const texts = (description: string) => extractRequirements(description).map((r) => r.text);

describe('extractRequirements', () => {
  it('takes every bullet line of a list, verbatim, and skips the benefits section', () => {
    const jd = [
      'Senior Backend Engineer at Acme',
      '',
      'Requirements:',
      '- 5+ years of experience with Python',
      '* Experience designing REST APIs.',
      '• Familiar with PostgreSQL and Redis',
      '1. Strong written communication',
      '2) Kubernetes in production',
      '',
      'Benefits:',
      '- Free lunch',
      '- Remote work',
    ].join('\n');
    expect(texts(jd)).toEqual([
      '5+ years of experience with Python',
      'Experience designing REST APIs',
      'Familiar with PostgreSQL and Redis',
      'Strong written communication',
      'Kubernetes in production',
    ]);
  });

  it('takes the requirement sentences of prose and leaves the rest', () => {
    const jd =
      'Acme builds tools for farmers. We are a team of twelve in Lyon. You have shipped mobile apps to the App Store. ' +
      'Experience with Kotlin is a plus. Our office has a garden. You must be comfortable with on-call rotations.';
    expect(texts(jd)).toEqual([
      'You have shipped mobile apps to the App Store',
      'Experience with Kotlin is a plus',
      'You must be comfortable with on-call rotations',
    ]);
  });

  it('takes a sentence that says what the candidate does (“You mentor…”), as job descriptions write them', () => {
    const jd =
      'Senior Platform Engineer at Northwind\n\nYou mentor junior engineers. The office is in Oslo.\nYou resolve disagreements calmly.';
    expect(texts(jd)).toEqual(['You mentor junior engineers', 'You resolve disagreements calmly']);
  });

  it('does not cut a sentence at the dot of Node.js', () => {
    expect(texts('Experience with Node.js and React is required. We like cake.')).toEqual([
      'Experience with Node.js and React is required',
    ]);
  });

  it('gives an empty list for a description with no requirement in it', () => {
    expect(
      extractRequirements('We are a friendly company in Berlin. Our office has a garden and a dog named Max. Come say hello.'),
    ).toEqual([]);
    expect(extractRequirements('')).toEqual([]);
  });

  it('gives one requirement per keyword for keywords-only input', () => {
    expect(texts('PostgreSQL, Python, on-call; team lead')).toEqual(['PostgreSQL', 'Python', 'on-call', 'team lead']);
  });

  it('quotes the description verbatim, numbers the requirements and drops exact repeats', () => {
    const jd = 'Skills:\n- Go\n- TypeScript\n- go\nYou know   SQL well.';
    const found = extractRequirements(jd);
    expect(found.map((r) => r.id)).toEqual(['r1', 'r2', 'r3']);
    for (const r of found) expect(jd).toContain(r.text);
    expect(found.map((r) => r.text)).toEqual(['Go', 'TypeScript', 'You know   SQL well']);
  });
});

describe('jobKeyOf', () => {
  it('is the same for the same description pasted again, and differs for another', () => {
    const key = jobKeyOf('Senior Engineer\n- Python');
    expect(jobKeyOf('  senior engineer   - python \n')).toBe(key);
    expect(jobKeyOf('Senior Engineer\n- Rust')).not.toBe(key);
    expect(key).toMatch(/^job-[0-9a-z]+$/);
  });
});

describe('sessionJobKey', () => {
  it('is the stored key, or the key of the setup’s description when a session has none, and none for the twin', async () => {
    const { sessionJobKey } = await import('../../../../src/domain/coaching/job-key');
    const base = {
      id: 's',
      mode: 'practice' as const,
      title: 't',
      status: 'finished' as const,
      createdAt: 1,
      updatedAt: 1,
      usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
      engines: [],
    };
    const setup = {
      jobDescription: 'Go, Rust',
      resume: '',
      type: 'professional' as const,
      questionCount: 1,
      style: 'neutral' as const,
      language: 'en',
    };
    expect(sessionJobKey({ ...base, jobKey: 'job-x', setup })).toBe('job-x');
    expect(sessionJobKey({ ...base, setup })).toBe(jobKeyOf('Go, Rust'));
    expect(sessionJobKey({ ...base, mode: 'twin' })).toBeUndefined();
  });
});
