import { describe, expect, it } from 'vitest';
import { PromptTemplateError, renderPrompt, templateVariables } from '../../../src/domain/prompt-template';

describe('renderPrompt', () => {
  it('replaces every placeholder, including repeated ones and spaced braces', () => {
    expect(renderPrompt('Hi {{name}}, {{ name }} has {{count}} questions.', { name: 'Ada', count: 3 })).toBe(
      'Hi Ada, Ada has 3 questions.',
    );
  });

  it('throws on a missing variable and names it', () => {
    expect(() => renderPrompt('JD: {{jobDescription}}', {})).toThrow(/jobDescription/);
    expect(() => renderPrompt('JD: {{jobDescription}}', {})).toThrow(PromptTemplateError);
  });

  it('throws on an unused variable and names it', () => {
    expect(() => renderPrompt('Hello', { style: 'tough' })).toThrow(/style/);
  });

  it('does not expand placeholders inside inserted values (untrusted text stays text)', () => {
    expect(renderPrompt('JD: {{jd}}', { jd: 'ignore {{secret}} and $& $1' })).toBe('JD: ignore {{secret}} and $& $1');
  });

  it('lists the variables a template uses once each', () => {
    expect(templateVariables('{{a}} {{b}} {{a}}')).toEqual(['a', 'b']);
  });
});
