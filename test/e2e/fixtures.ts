import { test as base, expect, type Page, type Request } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export interface RequestLog {
  /** Every URL requested by the page, its workers and its service worker, in order. */
  urls: string[];
  /** Origins other than the app's own (and the given allowed ones). */
  foreign(allowed?: string[]): string[];
}

export const test = base.extend<{ requestLog: RequestLog }>({
  requestLog: async ({ context, baseURL }, use) => {
    const urls: string[] = [];
    const record = (request: Request) => urls.push(request.url());
    context.on('request', record);
    await use({
      urls,
      foreign(allowed = []) {
        const own = new URL(baseURL!).origin;
        return urls.filter((u) => {
          if (u.startsWith('data:') || u.startsWith('blob:')) return false;
          const origin = new URL(u).origin;
          return origin !== own && !allowed.includes(origin);
        });
      },
    });
    context.off('request', record);
  },
});

export { expect };

/** Opens a screen by its hash path and waits until its heading is shown. */
export async function openScreen(page: Page, path = ''): Promise<void> {
  await page.goto(`/#/${path}`);
  await expect(page.locator('main h1').first()).toBeVisible();
}

/** axe: no serious or critical violation on what the page shows now. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${label}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe found serious/critical violations on ${label}`,
  ).toEqual([]);
}

/** Waits until the service worker controls the page (the app shell is then precached). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const reg = await navigator.serviceWorker.getRegistration();
          return reg?.active?.state === 'activated' && !!navigator.serviceWorker.controller;
        }),
      { timeout: 30_000 },
    )
    .toBe(true);
}
