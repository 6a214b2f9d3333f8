// The local chat model on a real browser WebGPU stack: Chromium's SwiftShader adapter
// (--enable-unsafe-webgpu, no shader-f16). No model weights exist here and no model host is
// reachable, so these check detection, the picker and the failure paths, which are real.
import { test, expect, openScreen, expectAccessible } from './fixtures';

const MODEL_HOSTS = [
  'https://huggingface.co/**',
  'https://*.huggingface.co/**',
  'https://*.hf.co/**',
  'https://raw.githubusercontent.com/**',
];

test('detects the software adapter without shader-f16 and recommends a q4f32_1 model', async ({ page }) => {
  test.setTimeout(120_000);
  await openScreen(page, 'models');
  const device = page.getByTestId('device-status');
  await expect(device).toHaveAttribute('data-webgpu', 'true');
  await expect(device).toHaveAttribute('data-gpu-class', 'software');
  await expect(device).toHaveAttribute('data-shader-f16', 'false');
  await expect(device).toContainText('software');
  // Where chat-model downloads come from is named (read from WebLLM's own catalog). The catalog
  // is a question to the LLM worker, which must first load WebLLM (6 MB): slow on a busy machine.
  await expect(page.getByTestId('download-hosts')).toContainText('huggingface.co', { timeout: 60_000 });

  const recommended = page.getByTestId('recommended-model');
  await expect(recommended).toHaveAttribute('data-model-id', /-q4f32_1-MLC$/);
  // f16 builds are listed as unable to run; the list shows the q4f32_1 ladder by default.
  const list = page.getByTestId('model-list');
  await expect(list.locator('[data-model-id$="-q4f32_1-MLC"]').first()).toBeVisible();
  await expect(list.locator('[data-model-id*="-q4f16_1-"]')).toHaveCount(0);
  await expectAccessible(page, 'models (software WebGPU)');

  await page.getByLabel(/Show all \d+ models/).check();
  await expect(list.locator('[data-model-id="Llama-3.2-1B-Instruct-q4f16_1-MLC"]')).toHaveAttribute('data-fit', 'unsupported');
});

test('a download with no reachable model host fails with a clear next step and the app stays usable', async ({ page, context }) => {
  // Two real load attempts, each starting the 6 MB WebLLM worker: slow on a busy machine.
  test.setTimeout(120_000);
  for (const host of MODEL_HOSTS) await context.route(host, (route) => route.abort('internetdisconnected'));
  await openScreen(page, 'models');
  await page.getByRole('button', { name: 'Download recommended model' }).click();

  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await expect(alert).toHaveAttribute('data-error-code', 'model-download-failed');
  await expect(alert).toContainText(/Check your connection and try again/);
  await expect(alert.getByRole('button', { name: 'Clear and try again' })).toBeVisible();
  await expect(alert.getByRole('link', { name: 'Use a remote model instead' })).toHaveAttribute('href', '#/settings');
  await expect(page.getByTestId('download-progress')).toHaveCount(0);

  // Retrying clears the cache and fails the same clear way; nothing hangs.
  await alert.getByRole('button', { name: 'Clear and try again' }).click();
  await expect(page.getByRole('alert')).toHaveAttribute('data-error-code', 'model-download-failed', { timeout: 30_000 });

  // The rest of the app still works.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.locator('main h1').first()).toBeVisible();
  await expect(page).toHaveURL(/#\/settings$/);
});

test('without WebGPU the Models screen explains why and offers a remote model', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
  });
  await openScreen(page, 'models');
  const device = page.getByTestId('device-status');
  await expect(device).toHaveAttribute('data-webgpu', 'false');
  await expect(device).toContainText('no WebGPU');
  await expect(device.getByRole('link', { name: 'Use a remote model instead' })).toHaveAttribute('href', '#/settings');
  await expect(page.getByTestId('recommended-model')).toHaveCount(0);
  await expectAccessible(page, 'models (no WebGPU)');
});
