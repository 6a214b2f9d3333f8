import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The map's import direction (domain ← ports ← adapters; app ← features; lib ← features, app) is an ESLint rule;
// these cases prove a wrong arrow fails `npm run lint`.
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('architecture import rules', () => {
  it('domain → adapters is a lint error', async () => {
    const errors = await restrictedImportErrors(
      'src/domain/wrong-arrow.ts',
      "import { openRehearseDB } from '../adapters/storage/db';\nexport const x = openRehearseDB;\n",
    );
    expect(errors.join('\n')).toMatch(/domain\/ is the floor/);
  });

  it('domain → heavy libraries and the DOM sanitizer are lint errors', async () => {
    const errors = await restrictedImportErrors(
      'src/domain/wrong-lib.ts',
      "import DOMPurify from 'dompurify';\nexport const x = DOMPurify;\n",
    );
    expect(errors).toHaveLength(1);
  });

  it('a screen importing an adapter is a lint error', async () => {
    const errors = await restrictedImportErrors(
      'src/features/home/wrong.ts',
      "import { deviceStorage } from '../../adapters/storage/device-storage';\nexport const x = deviceStorage;\n",
    );
    expect(errors.join('\n')).toMatch(/only app\/container\.ts names adapters/);
  });

  it('app/ outside the container importing an adapter is a lint error, the container may', async () => {
    const code = "import { deviceStorage } from '../adapters/storage/device-storage';\nexport const x = deviceStorage;\n";
    expect(await restrictedImportErrors('src/app/some-service.ts', code)).not.toEqual([]);
    expect(await restrictedImportErrors('src/app/container.ts', code)).toEqual([]);
  });

  it('adapters importing app/ is a lint error; ports → domain is allowed', async () => {
    expect(
      await restrictedImportErrors(
        'src/adapters/llm/wrong.ts',
        "import { Router } from '../../app/router.svelte';\nexport const x = Router;\n",
      ),
    ).not.toEqual([]);
    expect(
      await restrictedImportErrors('src/ports/ok.ts', "import { AppError } from '../domain/errors';\nexport const x = AppError;\n"),
    ).toEqual([]);
  });

  it('no arrow runs back up: domain → ports and ports → app are lint errors', async () => {
    expect(
      await restrictedImportErrors(
        'src/domain/wrong.ts',
        "import type { ChatEngine } from '../ports/chat-engine';\nexport type X = ChatEngine;\n",
      ),
    ).not.toEqual([]);
    expect(
      await restrictedImportErrors('src/ports/wrong.ts', "import type { Router } from '../app/router.svelte';\nexport type X = Router;\n"),
    ).not.toEqual([]);
  });

  it('lib → app is a lint error', async () => {
    expect(
      await restrictedImportErrors('src/lib/ui/wrong.ts', "import type { Busy } from '../../app/busy.svelte';\nexport type X = Busy;\n"),
    ).not.toEqual([]);
  });

  it('screens may import domain helpers and port types, but not call a port module', async () => {
    expect(
      await restrictedImportErrors(
        'src/features/home/ok.ts',
        "import { formatBytes } from '../../domain/usage';\nexport const x = formatBytes;\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImportErrors(
        'src/features/home/ok.ts',
        "import type { ChatEngine } from '../../ports/chat-engine';\nexport type X = ChatEngine;\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImportErrors(
        'src/features/home/wrong.ts',
        "import { PENDING_MODEL } from '../../ports/chunk-source';\nexport const x = PENDING_MODEL;\n",
      ),
    ).not.toEqual([]);
  });
});
