import { describe, expect, it } from 'vitest';
import { SupportModels } from '../../../src/app/support-models.svelte';
import { type SupportModelBackend } from '../../../src/ports/model-backends';
import { AppError } from '../../../src/domain/errors';
import type { ProgressEvent } from '../../../src/ports/progress';

const FILES = ['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx'];

/** A backend over an in-memory "cache": `files` maps path → bytes. */
function backend(overrides: Partial<SupportModelBackend> = {}): SupportModelBackend & { files: Map<string, number> } {
  const files = new Map<string, number>();
  return {
    files,
    key: 'embedder',
    modelId: 'Xenova/all-MiniLM-L6-v2',
    label: 'Search model',
    purpose: 'finds passages',
    requiredFiles: [FILES],
    cached: async () => ({ bytes: [...files.values()].reduce((a, b) => a + b, 0), files: [...files.keys()] }),
    prepare: async (onProgress: (p: ProgressEvent) => void) => {
      onProgress({ label: 'Downloading', phase: 'download', fraction: 0.5 });
      for (const f of FILES) files.set(f, 1_000_000);
    },
    remove: async () => files.clear(),
    ...overrides,
  };
}

describe('SupportModels', () => {
  it('reports size and state, prepares with progress and deletes', async () => {
    const b = backend();
    const models = new SupportModels(() => [b]);
    expect(models.views[0]!.state).toBeUndefined();
    expect(models.views[0]!.approxSize).toBe('about 25 MB');
    await models.refresh();
    expect(models.views[0]).toMatchObject({ state: 'missing', cachedBytes: 0 });
    const seen: (number | undefined)[] = [];
    const original = b.prepare;
    b.prepare = (onProgress) =>
      original((p) => {
        onProgress(p);
        seen.push(models.views[0]!.progress?.fraction);
      });
    await models.prepare('embedder');
    expect(seen).toEqual([0.5]);
    expect(models.views[0]).toMatchObject({ state: 'complete', cachedBytes: 3_000_000, busy: false, progress: null });
    await models.remove('embedder');
    expect(models.views[0]).toMatchObject({ state: 'missing', cachedBytes: 0 });
  });

  it('reads an interrupted download as partly downloaded, also after the failure itself', async () => {
    const b = backend({
      prepare: async () => {
        b.files.set('config.json', 700);
        b.files.set('tokenizer.json', 400_000);
        throw new AppError('model-download-failed', 'The search model did not download.');
      },
    });
    const models = new SupportModels(() => [b]);
    await models.prepare('embedder');
    expect(models.views[0]).toMatchObject({ state: 'partial', cachedBytes: 400_700, busy: false });
    expect(models.views[0]!.error?.code).toBe('model-download-failed');
    // Nothing changes on reopening the screen: still partial, not "downloaded".
    await models.refresh();
    expect(models.views[0]!.state).toBe('partial');
  });

  it('follows the backends on refresh: rows come and go, a row that stays keeps its state', async () => {
    const embedder = backend();
    const english = backend({
      key: 'whisper-en',
      modelId: 'onnx-community/whisper-base.en_timestamped',
      label: 'Speech model for English interviews',
    });
    const other = backend({
      key: 'whisper-other',
      modelId: 'onnx-community/whisper-base_timestamped',
      label: 'Speech model for other languages',
    });
    let list = [embedder, english, other];
    const models = new SupportModels(() => list);
    await models.prepare('whisper-en');
    const row = models.views[1]!;
    expect(row.state).toBe('complete');
    expect(models.views.map((v) => v.approxSize)).toEqual([
      'about 25 MB',
      'about 80 MB, up to 220 MB on a graphics card',
      'about 80 MB, up to 220 MB on a graphics card',
    ]);

    // A custom Whisper model in Settings: one speech row for every language.
    const custom = backend({ key: 'whisper', modelId: 'me/my-whisper', label: 'Speech model' });
    list = [embedder, custom];
    await models.refresh();
    expect(models.views.map((v) => [v.key, v.modelId, v.state, v.approxSize])).toEqual([
      ['embedder', 'Xenova/all-MiniLM-L6-v2', 'missing', 'about 25 MB'],
      ['whisper', 'me/my-whisper', 'missing', undefined],
    ]);

    list = [embedder, english, other];
    await models.refresh();
    expect(models.views.map((v) => v.state)).toEqual(['missing', 'complete', 'missing']);
    await models.prepare('whisper');
    expect(custom.files.size).toBe(0);
  });

  it('a row whose model changed is checked again, not shown with the old model’s state', async () => {
    const english = backend({ key: 'whisper-en', modelId: 'onnx-community/whisper-base.en_timestamped' });
    let current = english;
    const models = new SupportModels(() => [current]);
    await models.prepare('whisper-en');
    expect(models.views[0]!.state).toBe('complete');
    current = backend({ key: 'whisper-en', modelId: 'onnx-community/whisper-tiny.en_timestamped' });
    const refreshing = models.refresh();
    expect(models.views[0]).toMatchObject({ modelId: 'onnx-community/whisper-tiny.en_timestamped', state: undefined });
    expect(models.views[0]!.approxSize).toBe('about 45 MB, up to 125 MB on a graphics card');
    await refreshing;
    expect(models.views[0]!.state).toBe('missing');
  });

  it('is downloaded only once the ONNX runtime is kept too: the download keeps it, a failure to keep it is said', async () => {
    const kept = new Set<string>();
    const RUNTIME = ['/assets/ort-wasm-simd-threaded.asyncify-A.mjs', '/assets/ort-wasm-simd-threaded.asyncify-B.wasm'];
    let reachable = true;
    const runtime = {
      missing: async () => RUNTIME.filter((url) => !kept.has(url)),
      ensure: async () => {
        if (!reachable) throw new AppError('model-download-failed', 'Couldn’t download the runtime.');
        for (const url of RUNTIME) kept.add(url);
      },
    };
    const b = backend();
    // Model files already cached (say, loaded once before the service worker was in control), runtime not.
    for (const f of FILES) b.files.set(f, 1_000_000);
    const models = new SupportModels(() => [b], runtime);
    await models.refresh();
    expect(models.views[0]!.state).toBe('partial');

    reachable = false;
    await models.prepare('embedder');
    expect(models.views[0]!.state).toBe('partial');
    expect(models.views[0]!.error?.code).toBe('model-download-failed');

    reachable = true;
    await models.prepare('embedder');
    expect(models.views[0]).toMatchObject({ state: 'complete', error: null });
    expect([...kept]).toEqual(RUNTIME);
    // Deleting a model leaves the runtime (the other models need it).
    await models.remove('embedder');
    expect(models.views[0]!.state).toBe('missing');
    expect(kept.size).toBe(2);
  });
});
