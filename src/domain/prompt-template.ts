/**
 * A strict `{{name}}` renderer for the prompts in `prompts/*.md`.
 *
 * Strict on purpose: a typo in a variable name would otherwise ship a prompt with a literal
 * `{{jobDescriptoin}}` in it, or silently drop the job description. Both directions throw.
 * No template engine: the CSP forbids `eval`, and prompts must stay logic-free.
 */

export type PromptVars = Record<string, string | number>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export class PromptTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromptTemplateError';
  }
}

/** The variable names a template uses, in first-use order. */
export function templateVariables(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) names.add(match[1] as string);
  return [...names];
}

/**
 * Replaces every `{{name}}` with `vars[name]`. Throws when the template uses a variable that
 * `vars` lacks, or `vars` has a variable the template never uses. Values are inserted
 * verbatim in one pass, so a value that itself contains `{{x}}` is never expanded again
 * (untrusted JD text cannot inject placeholders).
 */
export function renderPrompt(template: string, vars: PromptVars): string {
  const used = templateVariables(template);
  const missing = used.filter((name) => !Object.hasOwn(vars, name));
  if (missing.length > 0) throw new PromptTemplateError(`Prompt is missing variable(s): ${missing.join(', ')}`);
  const unused = Object.keys(vars).filter((name) => !used.includes(name));
  if (unused.length > 0) throw new PromptTemplateError(`Prompt does not use variable(s): ${unused.join(', ')}`);
  return template.replace(PLACEHOLDER, (_whole, name: string) => String(vars[name]));
}
