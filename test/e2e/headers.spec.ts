/**
 * The Content-Security-Policy holds in workers, not only in the page, and the page is
 * cross-origin isolated (issue 15 hole 3, issue 14 "The CPU path uses every core").
 *
 * A <meta> policy does not reach a worker: a worker's policy comes with its script's
 * response. So the probe is a real same-origin worker file, written into the served build
 * for this test, that tries `eval`, `new Function`, and fetches to a host outside connect-src
 * and to one inside it. Both hosts are answered by Playwright's router: a request that
 * reaches the router was let through by the policy; a blocked one never gets there.
 *
 * Two servers: `vite preview` (the headers from vite.config.ts, as public/_headers gives a
 * static host), and a plain server that sends no header at all, where the service worker
 * (src/sw.ts) must add them to what it serves.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, openScreen, waitForServiceWorker } from './fixtures';
import { patchStoredSettings } from './idb-helpers';
import { serveStatic } from './static-server';

const DIST = resolve(process.env.E2E_DIST ?? 'dist');
// One probe file per Playwright worker process: the tests of this file run in parallel
// workers (fullyParallel), and each worker's afterAll removes only its own file. One shared
// name let the first worker to finish delete the probe under the other's test, which then
// saw a worker that failed to load (a 404) rather than the policy.
const PROBE = `csp-probe-worker-${process.pid}.js`;
const OUTSIDE = 'https://outside.example';
const ALLOWED = 'https://huggingface.co';
const CONFIGURED = 'https://llm.example.org';

/** What the worker reports: how eval fared and, per URL, whether the fetch went through. */
interface ProbeResult {
  eval: string;
  newFunction: string;
  isolated: boolean;
  fetches: Record<string, string>;
}

const PROBE_SOURCE = `
const result = { fetches: {}, isolated: self.crossOriginIsolated === true };
try { result.eval = 'ran ' + eval('1 + 1'); } catch (e) { result.eval = 'refused: ' + e.name; }
try { result.newFunction = 'ran ' + new Function('return 2')(); } catch (e) { result.newFunction = 'refused: ' + e.name; }
self.onmessage = async (event) => {
  for (const url of event.data) {
    try { result.fetches[url] = 'ok ' + (await (await fetch(url)).text()); } catch (e) { result.fetches[url] = 'blocked'; }
  }
  self.postMessage(result);
};
`;

test.beforeAll(async () => {
  await writeFile(join(DIST, PROBE), PROBE_SOURCE);
});
test.afterAll(async () => {
  await rm(join(DIST, PROBE), { force: true });
});

/** Answers the external hosts locally and records which requests reached the network. */
async function answerExternalHosts(context: BrowserContext): Promise<string[]> {
  const reached: string[] = [];
  for (const origin of [OUTSIDE, ALLOWED, CONFIGURED]) {
    await context.route(`${origin}/**`, (route) => {
      reached.push(route.request().url());
      return route.fulfill({ status: 200, body: 'pong', headers: { 'access-control-allow-origin': '*', 'content-type': 'text/plain' } });
    });
  }
  return reached;
}

async function probeWorker(page: Page, urls: string[]): Promise<ProbeResult> {
  return page.evaluate(
    ({ probe, urls }) =>
      new Promise<ProbeResult>((resolve, reject) => {
        const worker = new Worker(`/${probe}`);
        worker.onmessage = (event) => {
          resolve(event.data as ProbeResult);
          worker.terminate();
        };
        worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`));
        worker.postMessage(urls);
      }),
    { probe: PROBE, urls },
  );
}

test.describe('headers from the server (vite preview; public/_headers for static hosts)', () => {
  test.use({ serviceWorkers: 'block' });

  test('every response carries the CSP, COOP and COEP', async ({ request }) => {
    for (const path of ['/', '/sw.js', `/${PROBE}`, '/manifest.webmanifest']) {
      const response = await request.get(path);
      expect(response.ok(), path).toBe(true);
      const headers = response.headers();
      expect(headers['content-security-policy'], path).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(headers['content-security-policy'], path).not.toMatch(/connect-src[^;]* https:[ ;]/);
      expect(headers['cross-origin-opener-policy'], path).toBe('same-origin');
      expect(headers['cross-origin-embedder-policy'], path).toBe('credentialless');
    }
  });

  test('in a same-origin worker, eval is refused and a host outside connect-src is never reached', async ({ page, context }) => {
    const reached = await answerExternalHosts(context);
    await openScreen(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const result = await probeWorker(page, [`${OUTSIDE}/ping`, `${ALLOWED}/ping`]);
    expect(result.eval).toMatch(/^refused: EvalError/);
    expect(result.newFunction).toMatch(/^refused: EvalError/);
    expect(result.isolated).toBe(true);
    expect(result.fetches[`${OUTSIDE}/ping`]).toBe('blocked');
    // The model host is allowed: the same fetch code gets through, so the block above is the policy.
    expect(result.fetches[`${ALLOWED}/ping`]).toBe('ok pong');
    expect(reached).toEqual([`${ALLOWED}/ping`]);
  });

  test('a connection the policy blocks is explained, not left as "could not reach the server"', async ({ page, context }) => {
    const reached = await answerExternalHosts(context);
    await openScreen(page);
    await expect(page.getByTestId('blocked-connection')).toHaveCount(0);
    await page.evaluate((url) => fetch(url).catch(() => undefined), `${CONFIGURED}/v1/models`);
    await expect(page.getByTestId('blocked-connection')).toContainText('llm.example.org is not allowed on this site');
    expect(reached).toEqual([]);
  });

  test('the Models screen says nothing about isolation when the page is isolated', async ({ page }) => {
    await openScreen(page, 'models');
    await expect(page.getByRole('heading', { level: 1, name: 'Models' })).toBeVisible();
    await expect(page.getByTestId('isolation-missing')).toHaveCount(0);
  });
});

test.describe('headers from the service worker, on a host that sends none', () => {
  test('the service worker gives the page and its workers the policy, with the configured remote host', async ({ browser }) => {
    test.setTimeout(90_000);
    const server = await serveStatic(DIST);
    const context = await browser.newContext({ baseURL: server.url, serviceWorkers: 'allow' });
    try {
      const reached = await answerExternalHosts(context);
      const page = await context.newPage();

      // First visit, before the service worker: no header, so no isolation, and the Models screen says so.
      await openScreen(page, 'models');
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
      await expect(page.getByTestId('isolation-missing')).toContainText(
        'Speech and search run on one CPU core because this page is not cross-origin isolated',
      );

      // A custom remote server in settings; the service worker serves the next load.
      await waitForServiceWorker(page);
      await patchStoredSettings(page, { remote: { presetId: 'custom', baseUrl: `${CONFIGURED}/v1`, model: 'm', acknowledgedHosts: [] } });
      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name: 'Models' })).toBeVisible();
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      await expect(page.getByTestId('isolation-missing')).toHaveCount(0);

      const result = await probeWorker(page, [`${OUTSIDE}/ping`, `${CONFIGURED}/ping`, `${ALLOWED}/ping`]);
      expect(result.eval).toMatch(/^refused: EvalError/);
      expect(result.newFunction).toMatch(/^refused: EvalError/);
      expect(result.isolated).toBe(true);
      expect(result.fetches).toEqual({
        [`${OUTSIDE}/ping`]: 'blocked',
        [`${CONFIGURED}/ping`]: 'ok pong',
        [`${ALLOWED}/ping`]: 'ok pong',
      });
      expect(reached).not.toContain(`${OUTSIDE}/ping`);

      // A host entered after this load: the page says a reload will allow it.
      await page.evaluate((url) => fetch(url).catch(() => undefined), `${OUTSIDE}/v1/models`);
      await expect(page.getByTestId('blocked-connection')).toContainText('outside.example is not allowed yet');
      await expect(page.getByTestId('blocked-connection').getByRole('button', { name: 'Reload' })).toBeVisible();
    } finally {
      await context.close();
      await server.close();
    }
  });
});
