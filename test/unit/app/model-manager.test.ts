import { describe, expect, it, vi } from 'vitest';
import { ModelManager, transferRate, type ModelManagerDeps } from '../../../src/app/model-manager.svelte';
import { AppError } from '../../../src/domain/errors';
import { FakeLocalModelBackend, discreteGpu } from '../../doubles/local-model-backend';

const MiB = 1024 * 1024;

function setup(options: { quota?: number; usage?: number; persisted?: boolean; selected?: string } = {}) {
  const backend = new FakeLocalModelBackend();
  let clock = 0;
  const storage = {
    estimate: vi.fn(async () => ({ usage: options.usage ?? 0, quota: options.quota ?? 50 * 1024 * MiB })),
    persisted: vi.fn(async () => options.persisted ?? false),
    persist: vi.fn(async () => true),
  };
  const saved: string[] = [];
  const deps: ModelManagerDeps = {
    backend,
    storage,
    selection: { get: () => options.selected, set: async (id) => void saved.push(id) },
    promptApiAvailability: async () => 'downloadable',
    now: () => clock,
  };
  const manager = new ModelManager(deps);
  return { manager, backend, storage, saved, tick: (ms: number) => (clock += ms) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('ModelManager.init', () => {
  it('recommends the smallest q4f32_1 model on a software adapter and lists the featured ones', async () => {
    const { manager, backend } = setup();
    backend.cache.add('gemma-2b-it-q4f32_1-MLC');
    await manager.init();
    expect(manager.recommendation?.modelId).toBe('Llama-3.2-1B-Instruct-q4f32_1-MLC');
    expect(manager.selectedId).toBe('Llama-3.2-1B-Instruct-q4f32_1-MLC');
    // Featured: the ladder in q4f32_1, plus the downloaded gemma; never embedding models or f16 twins.
    expect(manager.featuredModels.map((e) => e.model.id)).toEqual([
      'Llama-3.2-3B-Instruct-q4f32_1-MLC',
      'Qwen2.5-1.5B-Instruct-q4f32_1-MLC',
      'Llama-3.2-1B-Instruct-q4f32_1-MLC',
      'gemma-2b-it-q4f32_1-MLC',
    ]);
    expect(manager.chatModels.find((e) => e.model.id === 'gemma-2b-it-q4f32_1-MLC')?.cached).toBe(true);
    expect(manager.chatModels.find((e) => e.model.id === 'Llama-3.2-1B-Instruct-q4f16_1-MLC')?.fit.verdict).toBe('unsupported');
    expect(manager.promptApi).toBe('downloadable');
  });

  it('keeps the remembered choice over the recommendation', async () => {
    const { manager, backend } = setup({ selected: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC' });
    backend.device = discreteGpu;
    await manager.init();
    expect(manager.recommendation?.modelId).toBe('Llama-3.2-3B-Instruct-q4f16_1-MLC');
    expect(manager.selectedId).toBe('Qwen2.5-1.5B-Instruct-q4f16_1-MLC');
  });
});

describe('ModelManager downloads', () => {
  it('shows percent, bytes, speed and time left, then is ready and cached', async () => {
    const { manager, backend, storage, tick: advance } = setup();
    await manager.init();
    const done = manager.download();
    await tick();
    const load = backend.loads[0]!;
    expect(storage.persist).toHaveBeenCalledTimes(1);
    load.onProgress({ label: 'Downloading the model', phase: 'download', fraction: 0.1, loaded: 100 * MiB, total: 1000 * MiB });
    advance(2000);
    load.onProgress({ label: 'Downloading the model', phase: 'download', fraction: 0.3, loaded: 300 * MiB, total: 1000 * MiB });
    expect(manager.transfer).toMatchObject({
      phase: 'download',
      fraction: 0.3,
      loadedBytes: 300 * MiB,
      totalBytes: 1000 * MiB,
      bytesPerSecond: 100 * MiB,
      secondsLeft: 7,
    });
    expect(manager.busy).toBe(true);
    load.resolve();
    await done;
    expect(manager.transfer).toBeNull();
    expect(manager.engineState).toBe('ready');
    expect(manager.loadedModelId).toBe('Llama-3.2-1B-Instruct-q4f32_1-MLC');
    expect(manager.cached['Llama-3.2-1B-Instruct-q4f32_1-MLC']).toBe(true);
  });

  it('refuses a download that does not fit the storage quota, saying how much it needs', async () => {
    const { manager, backend } = setup({ quota: 1000 * MiB, usage: 500 * MiB });
    await manager.init();
    await manager.download('Llama-3.2-1B-Instruct-q4f32_1-MLC');
    expect(backend.loads).toHaveLength(0);
    expect(manager.error?.code).toBe('quota-exceeded');
    expect(manager.error?.message).toMatch(/needs up to 1\.1 GB.*only 500 MB more/);
  });

  it('does not ask for persistence again once granted', async () => {
    const { manager, backend, storage } = setup({ persisted: true });
    backend.autoLoad = 'succeed';
    await manager.init();
    await manager.download();
    expect(storage.persist).not.toHaveBeenCalled();
    expect(manager.persisted).toBe(true);
  });

  it('cancels quietly', async () => {
    const { manager, backend } = setup();
    await manager.init();
    const done = manager.download();
    await tick();
    manager.cancel();
    await done;
    expect(backend.loads[0]?.signal.aborted).toBe(true);
    expect(manager.error).toBeNull();
    expect(manager.transfer).toBeNull();
    expect(manager.engineState).toBe('none');
  });

  it('shows a failed download and retries after clearing the half-downloaded files', async () => {
    const { manager, backend } = setup();
    backend.autoLoad = new AppError('model-download-failed', 'Downloading failed.', {
      details: { modelId: 'Llama-3.2-1B-Instruct-q4f32_1-MLC' },
    });
    await manager.init();
    await manager.download();
    expect(manager.error?.code).toBe('model-download-failed');
    backend.autoLoad = 'succeed';
    await manager.retry();
    expect(backend.deleted).toEqual(['Llama-3.2-1B-Instruct-q4f32_1-MLC']);
    expect(manager.error).toBeNull();
    expect(manager.engineState).toBe('ready');
  });

  it('switches to the q4f32_1 twin after a shader-f16 error', async () => {
    const { manager, backend, saved } = setup({ selected: 'Llama-3.2-3B-Instruct-q4f16_1-MLC' });
    backend.autoLoad = new AppError('shader-f16-unavailable', 'No f16.', {
      details: { alternativeModelId: 'Llama-3.2-3B-Instruct-q4f32_1-MLC' },
    });
    await manager.init();
    await manager.download();
    backend.autoLoad = 'succeed';
    await manager.useAlternative();
    expect(saved).toEqual(['Llama-3.2-3B-Instruct-q4f32_1-MLC']);
    expect(manager.loadedModelId).toBe('Llama-3.2-3B-Instruct-q4f32_1-MLC');
  });

  it('deletes a model, unloading it first when in use', async () => {
    const { manager, backend } = setup();
    backend.autoLoad = 'succeed';
    await manager.init();
    await manager.download();
    await manager.remove('Llama-3.2-1B-Instruct-q4f32_1-MLC');
    expect(backend.engines[0]?.unloaded).toBe(true);
    expect(backend.deleted).toEqual(['Llama-3.2-1B-Instruct-q4f32_1-MLC']);
    expect(manager.cached['Llama-3.2-1B-Instruct-q4f32_1-MLC']).toBe(false);
    expect(manager.engineState).toBe('none');
  });
});

describe('ModelManager.getEngine', () => {
  it('loads the selected model once, sharing a load in progress', async () => {
    const { manager, backend } = setup();
    backend.autoLoad = 'succeed';
    const [a, b] = await Promise.all([manager.getEngine(), manager.getEngine()]);
    expect(a).toBe(b);
    expect(backend.engines).toHaveLength(1);
    expect(await manager.getEngine()).toBe(a);
    expect(a.info.model).toBe('Llama-3.2-1B-Instruct-q4f32_1-MLC');
  });

  it('reloads after the GPU was lost', async () => {
    const { manager, backend } = setup();
    backend.autoLoad = 'succeed';
    const first = await manager.getEngine();
    backend.engines[0]!.lost = true;
    const second = await manager.getEngine();
    expect(second).not.toBe(first);
    expect(backend.engines).toHaveLength(2);
  });

  it('unloads the previous model when another is chosen', async () => {
    const { manager, backend } = setup();
    backend.autoLoad = 'succeed';
    await manager.getEngine();
    await manager.select('Qwen2.5-1.5B-Instruct-q4f32_1-MLC');
    const engine = await manager.getEngine();
    expect(engine.info.model).toBe('Qwen2.5-1.5B-Instruct-q4f32_1-MLC');
    expect(backend.engines[0]?.unloaded).toBe(true);
  });

  it('says to use a remote model when WebGPU is missing', async () => {
    const { manager, backend } = setup();
    backend.device = { webgpu: false, gpuClass: 'unknown', shaderF16: false, reason: 'This browser has no WebGPU. Use a remote model.' };
    const error = (await manager.getEngine().catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('webgpu-unavailable');
    expect(error.message).toMatch(/remote model/);
  });
});

describe('transferRate', () => {
  it('needs half a second of samples before it speaks', () => {
    expect(
      transferRate(
        [
          { at: 0, loaded: 0 },
          { at: 100, loaded: 10 },
        ],
        100,
      ),
    ).toEqual({});
  });
  it('computes speed and rounds time left up', () => {
    expect(
      transferRate(
        [
          { at: 0, loaded: 0 },
          { at: 1000, loaded: 300 },
        ],
        1000,
      ),
    ).toEqual({ bytesPerSecond: 300, secondsLeft: 3 });
  });
});
