import { describe, expect, it } from 'vitest';
import { stem, tokenize } from '../../../../src/domain/retrieval/tokenize';

describe('tokenize', () => {
  it('lowercases, drops stop words and stems plurals and verb endings', () => {
    expect(tokenize('The engineers are Building scalable APIs')).toEqual(['engineer', 'build', 'scalabl', 'api']);
  });

  it('makes inflections of one word meet', () => {
    expect(stem('managing')).toBe(stem('managed'));
    expect(stem('manages')).toBe(stem('manage'));
    expect(stem('running')).toBe('run');
    expect(stem('technologies')).toBe('technology');
    expect(stem('status')).toBe('status');
    expect(stem('class')).toBe('class');
  });

  it('keeps C++, C# and numbers, splits Node.js and CI/CD', () => {
    expect(tokenize('C++, C# and Node.js; CI/CD; 5+ years')).toEqual(['c++', 'c#', 'node', 'js', 'ci', 'cd', '5+', 'year']);
  });

  it('is Unicode-aware (accents, NFKC) and indexes CJK as bigrams', () => {
    expect(tokenize('Café Développeur')).toEqual(['café', 'développeur']);
    expect(tokenize('ＡＢＣ')).toEqual(['abc']);
    expect(tokenize('数据库')).toEqual(['数据', '据库']);
    expect(tokenize('库')).toEqual(['库']);
  });
});
