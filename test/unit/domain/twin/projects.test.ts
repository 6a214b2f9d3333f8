import { describe, expect, it } from 'vitest';
import { normalizeTags, safeLink, toProject } from '../../../../src/domain/twin/projects';

describe('projects', () => {
  it('keeps only https, mailto and http-on-this-computer links', () => {
    expect(safeLink('https://github.com/ada/engine')).toBe('https://github.com/ada/engine');
    expect(safeLink('mailto:ada@example.org')).toBe('mailto:ada@example.org');
    expect(safeLink('http://localhost:5173/demo')).toBe('http://localhost:5173/demo');
    expect(safeLink('http://127.0.0.1/')).toBe('http://127.0.0.1/');
    expect(safeLink('http://example.org')).toBeUndefined();
    expect(safeLink('http://user:pw@localhost/')).toBeUndefined();
    expect(safeLink(' javascript:alert(1)')).toBeUndefined();
    expect(safeLink('data:text/html,x')).toBeUndefined();
    expect(safeLink('javascript:alert(1)')).toBeUndefined();
    expect(safeLink('not a url')).toBeUndefined();
  });

  it('normalizes tags', () => {
    expect(normalizeTags('Rust, #wasm;  rust ,\nWeb  GPU')).toEqual(['Rust', 'wasm', 'Web GPU']);
  });

  it('validates a draft', () => {
    expect(toProject({ title: ' Engine ', description: 'd', tags: 'a,b', link: '' }, 'id1')).toEqual({
      id: 'id1',
      title: 'Engine',
      description: 'd',
      tags: ['a', 'b'],
    });
    expect(() => toProject({ title: ' ', description: '', tags: [] }, 'x')).toThrow(/title/);
    expect(() => toProject({ title: 'X', description: '', tags: [], link: 'http://x.org' }, 'x')).toThrow(/https/);
  });
});
