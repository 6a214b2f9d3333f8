/**
 * Playwright fixture: a fresh fake OpenAI server per test, closed afterwards.
 *   import { test as base } from '../e2e/fixtures';
 *   import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
 *   const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);
 *   test('…', async ({ page, fakeOpenAI }) => { fakeOpenAI.enqueue('Hello'); … });
 */
import type { Fixtures } from '@playwright/test';
import { startFakeOpenAI, type FakeOpenAI } from './server';

export interface FakeOpenAIFixtures {
  fakeOpenAI: FakeOpenAI;
}

export const fakeOpenAIFixtures: Fixtures<FakeOpenAIFixtures> = {
  // Playwright reads fixture dependencies from the destructuring pattern, so it must be `{}`.
  // eslint-disable-next-line no-empty-pattern
  fakeOpenAI: async ({}, use) => {
    const server = await startFakeOpenAI();
    try {
      await use(server);
    } finally {
      await server.close();
    }
  },
};
