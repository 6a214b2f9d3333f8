import { describe, expect, it } from 'vitest';
import { ModelManager } from '../../../src/app/model-manager.svelte';
import type { ProgressEvent } from '../../../src/ports/progress';
import { FakeLocalModelBackend } from '../../doubles/local-model-backend';

const MODEL = 'Llama-3.2-1B-Instruct-q4f32_1-MLC';
const tick = () => new Promise((r) => setTimeout(r, 0));
const loading = (fraction: number): ProgressEvent => ({ label: 'Loading the model onto the graphics card', phase: 'load', fraction });

function setup() {
  const backend = new FakeLocalModelBackend();
  const manager = new ModelManager({ backend, now: () => 0 });
  return { manager, backend };
}

describe('ModelManager.warmUp (setup screen: load from the cache while the form is filled in)', () => {
  it('never starts a download: a model that is not downloaded is left alone', async () => {
    const { manager, backend } = setup();
    await manager.warmUp();
    expect(backend.loads).toHaveLength(0);
    expect(backend.downloads).toBe(0);
    expect(manager.engineState).toBe('none');
    expect(manager.transfer).toBeNull();
    expect(manager.error).toBeNull();
  });

  it('loads a downloaded model from the cache only, with its percent, and Start then gets that engine', async () => {
    const { manager, backend } = setup();
    backend.cache.add(MODEL);
    const warm = manager.warmUp();
    await tick();
    expect(backend.loads.map((l) => [l.modelId, l.cacheOnly])).toEqual([[MODEL, true]]);
    expect(manager.warming).toBe(true);
    backend.loads[0]!.onProgress(loading(0.4));
    expect(manager.transfer?.fraction).toBe(0.4);

    // Start pressed mid-warm-up: it joins the load and hears its progress, the last one first.
    const heard: (number | undefined)[] = [];
    const started = manager.getEngine((p) => heard.push(p.fraction));
    await tick();
    backend.loads[0]!.onProgress(loading(0.9));
    backend.loads[0]!.resolve();
    await warm;
    const engine = await started;
    expect(heard).toEqual([0.4, 0.9]);
    expect(engine.info.model).toBe(MODEL);
    expect(backend.loads).toHaveLength(1);
    expect(backend.downloads).toBe(0);
    expect(manager.warming).toBe(false);
  });

  it('a cache-only load the worker refuses stays quiet, and Start then loads normally', async () => {
    const { manager, backend } = setup();
    backend.cache.add(MODEL);
    const warm = manager.warmUp();
    await tick();
    // The files went missing between the check and the load (another tab deleted them).
    backend.cache.delete(MODEL);
    backend.loads[0]!.reject(new Error(`ModelNotCachedError: ${MODEL}`));
    await warm;
    expect(manager.error).toBeNull();
    expect(backend.downloads).toBe(0);

    const started = manager.getEngine();
    await tick();
    expect(backend.loads.map((l) => l.cacheOnly)).toEqual([true, false]);
    backend.loads[1]!.resolve();
    await started;
    expect(backend.downloads).toBe(1);
  });

  it('Start during a warm-up that then fails still gets an engine, by a normal load', async () => {
    const { manager, backend } = setup();
    backend.cache.add(MODEL);
    const warm = manager.warmUp();
    await tick();
    const started = manager.getEngine();
    backend.loads[0]!.reject(new Error(`ModelNotCachedError: ${MODEL}`));
    await warm;
    await tick();
    expect(backend.loads.map((l) => l.cacheOnly)).toEqual([true, false]);
    backend.loads[1]!.resolve();
    expect((await started).info.model).toBe(MODEL);
  });

  it('does nothing when the model is already loaded or loading', async () => {
    const { manager, backend } = setup();
    backend.cache.add(MODEL);
    backend.autoLoad = 'succeed';
    await manager.getEngine();
    await manager.warmUp();
    expect(backend.engines).toHaveLength(1);
  });
});

describe('ModelManager.init without WebGPU', () => {
  it('never asks the LLM worker anything (WebLLM is not even fetched)', async () => {
    const { manager, backend } = setup();
    backend.device = { webgpu: false, gpuClass: 'unknown', shaderF16: false, reason: 'No WebGPU here.' };
    await manager.init();
    await manager.warmUp();
    expect(backend.catalogCalls).toBe(0);
    expect(manager.selectedId).toBeUndefined();
    expect(backend.loads).toHaveLength(0);
  });
});
