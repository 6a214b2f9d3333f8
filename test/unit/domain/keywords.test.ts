import { describe, expect, it } from 'vitest';
import { isKeywordsOnly, keywordTerms } from '../../../src/domain/keywords';

describe('isKeywordsOnly', () => {
  it('recognises keywords separated by commas, semicolons, lines or bullets', () => {
    expect(isKeywordsOnly('PostgreSQL, Python, team lead')).toBe(true);
    expect(isKeywordsOnly('Kubernetes; Go; on-call rotation')).toBe(true);
    expect(isKeywordsOnly('React\nTypeScript\nNode.js\naccessibility')).toBe(true);
    expect(isKeywordsOnly('- distributed systems\n- Kafka\n- C++')).toBe(true);
    expect(isKeywordsOnly('  Rust  ')).toBe(true);
  });

  it('refuses sentences, labelled lines and long text: those are descriptions', () => {
    expect(isKeywordsOnly('We are looking for a senior engineer to lead our platform team.')).toBe(false);
    expect(isKeywordsOnly('Python, SQL. You will own the data pipeline.')).toBe(false);
    expect(isKeywordsOnly('Requirements: Python, SQL')).toBe(false);
    expect(isKeywordsOnly('Do you enjoy mentoring?')).toBe(false);
    expect(isKeywordsOnly('5+ years building backend services in TypeScript, PostgreSQL')).toBe(false);
    expect(isKeywordsOnly(Array.from({ length: 80 }, (_, i) => `skill${i}`).join(', '))).toBe(false);
    expect(isKeywordsOnly('   ')).toBe(false);
  });
});

describe('keywordTerms', () => {
  it('splits a list into its trimmed terms', () => {
    expect(keywordTerms('PostgreSQL,  Python ;team lead\n- Go')).toEqual(['PostgreSQL', 'Python', 'team lead', 'Go']);
  });
});
