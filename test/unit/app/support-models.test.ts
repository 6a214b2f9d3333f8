import { describe, expect, it } from 'vitest';
import { SupportModels, type SupportModelBackend } from '../../../src/app/support-models.svelte';
import { AppError } from '../../../src/ports/errors';

function backend(overrides: Partial<SupportModelBackend> = {}): SupportModelBackend & { cached: number } {
  const state = { cached: 0 };
  return Object.assign(state, {
    id: () => 'Xenova/all-MiniLM-L6-v2',
    label: 'Search',
    purpose: 'finds passages',
    cachedBytes: async () => state.cached,
    prepare: async (onProgress: (p: { label: string; phase: 'download'; fraction: number }) => void) => {
      onProgress({ label: 'Downloading', phase: 'download', fraction: 0.5 });
      state.cached = 23_000_000;
    },
    remove: async () => {
      state.cached = 0;
    },
    ...overrides,
  });
}

describe('SupportModels', () => {
  it('reports cached size, prepares with progress and deletes', async () => {
    const b = backend();
    const models = new SupportModels({ embedder: b });
    await models.refresh();
    expect(models.views[0]!.cachedBytes).toBe(0);
    const seen: number[] = [];
    const original = b.prepare;
    b.prepare = async (onProgress) =>
      original((p) => {
        onProgress(p);
        seen.push(p.fraction ?? -1);
      });
    await models.prepare('embedder');
    expect(seen).toEqual([0.5]);
    expect(models.views[0]!.cachedBytes).toBe(23_000_000);
    expect(models.views[0]!.busy).toBe(false);
    await models.remove('embedder');
    expect(models.views[0]!.cachedBytes).toBe(0);
  });

  it('shows a failed download as an AppError and stays usable', async () => {
    const models = new SupportModels({
      whisper: backend({
        prepare: async () => {
          throw new AppError('model-download-failed', 'The speech model did not download.');
        },
      }),
    });
    await models.prepare('whisper');
    expect(models.views[0]!.error?.code).toBe('model-download-failed');
    expect(models.views[0]!.busy).toBe(false);
  });
});
