import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Issue 13's measure of "small files with one job": no file in src/app over 300 lines, and no
// component with more than 200 lines of script. A file that grows past it is split by job.
const MAX_APP_LINES = 300;
const MAX_SCRIPT_LINES = 200;

function filesUnder(dir: string, ending: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(ending))
    .map((entry) => join(entry.parentPath, entry.name));
}

function lineCount(text: string): number {
  return text.replace(/\n$/, '').split('\n').length;
}

/** The lines between a component's <script> tags (its logic, not its markup or styles). */
function scriptLines(source: string): number {
  const match = /<script[^>]*>([\s\S]*?)<\/script>/.exec(source);
  return match?.[1] ? lineCount(match[1].replace(/^\n/, '')) : 0;
}

describe('file sizes', () => {
  it('counts script lines only (so the check can fail)', () => {
    expect(scriptLines('<script lang="ts">\nconst a = 1;\nconst b = 2;\n</script>\n<p>{a}</p>\n<p>{b}</p>')).toBe(2);
  });

  it(`no file in src/app has more than ${MAX_APP_LINES} lines`, () => {
    const over = filesUnder('src/app', '.ts')
      .map((file) => ({ file, lines: lineCount(readFileSync(file, 'utf8')) }))
      .filter(({ lines }) => lines > MAX_APP_LINES);
    expect(over).toEqual([]);
  });

  it(`no component has more than ${MAX_SCRIPT_LINES} lines of script`, () => {
    const over = filesUnder('src', '.svelte')
      .map((file) => ({ file, lines: scriptLines(readFileSync(file, 'utf8')) }))
      .filter(({ lines }) => lines > MAX_SCRIPT_LINES);
    expect(over).toEqual([]);
  });
});
