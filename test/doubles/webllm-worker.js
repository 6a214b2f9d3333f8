// Test double for Rehearse's LLM worker (src/adapters/llm/llm.worker.ts), for machines with no
// GPU and no model weights. It speaks the app's own worker protocol (src/workers/protocol.ts
// envelope, the methods of src/adapters/llm/llm-protocol.ts), so the real page-side client
// (llm-client.ts), the WebLLMEngine adapter and the model manager run unchanged.
// - catalog: the interview ladder's records, copied from WebLLM 0.2.86's prebuiltAppConfig;
// - isCached: WebLLM's own rule (tensor-cache.json and every shard it lists in Cache Storage
//   "webllm/model"), so the test marks a model downloaded the way WebLLM would find it;
// - load: "from cache" reports, paced by self.LOAD_STEP_MS (a bench prepends it; 0 otherwise);
//   a cacheOnly load of a model that is not cached fails the way the real worker does;
// - chat: replies come from the test over a BroadcastChannel (same origin, no network): the
//   page relays each request to Playwright and posts the reply text back.
// Served in place of the built worker by test/e2e/local-mode.spec.ts and the local-engine
// bench; never part of the app.

const LIB = 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base/';
const record = (id, lib, vram) => ({
  model_id: id,
  model: `https://huggingface.co/mlc-ai/${id}`,
  model_lib: `${LIB}${lib}_cs1k-webgpu.wasm`,
  vram_required_MB: vram,
  low_resource_required: true,
  overrides: { context_window_size: 4096 },
});
const CATALOG = [
  record('Llama-3.2-1B-Instruct-q4f32_1-MLC', 'Llama-3.2-1B-Instruct-q4f32_1', 1128.82),
  record('Llama-3.2-1B-Instruct-q4f16_1-MLC', 'Llama-3.2-1B-Instruct-q4f16_1', 879.04),
  record('Llama-3.2-3B-Instruct-q4f32_1-MLC', 'Llama-3.2-3B-Instruct-q4f32_1', 2951.51),
  record('Llama-3.2-3B-Instruct-q4f16_1-MLC', 'Llama-3.2-3B-Instruct-q4f16_1', 2263.69),
  record('Qwen2.5-1.5B-Instruct-q4f16_1-MLC', 'Qwen2-1.5B-Instruct-q4f16_1', 1629.75),
  record('Qwen2.5-1.5B-Instruct-q4f32_1-MLC', 'Qwen2-1.5B-Instruct-q4f32_1', 1888.97),
];

const channel = new BroadcastChannel('rehearse-test-llm');
const waiting = new Map();
let loaded;
let interrupted = false;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

channel.onmessage = (event) => {
  const { type, id, ...reply } = event.data ?? {};
  if (type !== 'reply') return;
  waiting.get(id)?.(reply);
  waiting.delete(id);
};

/** Asks the test for the reply to one chat request: { text, failAfterWords?, error? }. */
function replyFor(request) {
  const id = crypto.randomUUID();
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    channel.postMessage({ type: 'request', id, request });
  });
}

async function isCached(modelId) {
  const found = CATALOG.find((r) => r.model_id === modelId);
  if (!found) return false;
  const base = `${found.model}/resolve/main/`;
  const cache = await caches.open('webllm/model');
  const index = await cache.match(`${base}tensor-cache.json`);
  if (!index) return false;
  const { records } = await index.json();
  for (const { dataPath } of records) if (!(await cache.match(new URL(dataPath, base).href))) return false;
  return true;
}

/** A failure the way the real worker serializes WebLLM's errors ("DeviceLostError: …"). */
function workerError(text) {
  return { code: 'unknown', message: 'Something went wrong in a background task.', name: 'Error', causeMessage: text };
}

async function load({ modelId, cacheOnly }, emit) {
  // Tells the test which loads were asked for (the warm-up's must all be cache-only).
  channel.postMessage({ type: 'load', modelId, cacheOnly: cacheOnly === true });
  if (cacheOnly && !(await isCached(modelId)))
    throw workerError(`ModelNotCachedError: ${modelId} is not fully downloaded; a cache-only load fetches nothing.`);
  const step = self.LOAD_STEP_MS ?? 0;
  for (let i = 1; i <= 10; i++) {
    if (step) await sleep(step);
    emit({
      progress: i / 10,
      timeElapsed: 0,
      text: `Loading model from cache[${i}/10]: ${i * 100}MB loaded. ${i * 10}% completed, 0 secs elapsed.`,
    });
  }
  emit({ progress: 1, timeElapsed: 0, text: 'Finish loading on WebGPU - double' });
  loaded = modelId;
  return null;
}

/**
 * OpenAI-style chunks, one per word, then the finish and the usage, as WebLLM yields them.
 * With `error`, the worker fails after `failAfterWords` words the way WebLLM reports a lost GPU.
 */
async function chat({ request }, emit) {
  if (!loaded) throw workerError('Error: No model is loaded in the LLM worker.');
  interrupted = false;
  const { text, error, failAfterWords = 0 } = await replyFor(request);
  const base = { id: 'chatcmpl-double', object: 'chat.completion.chunk', created: 0, model: loaded };
  let sent = 0;
  for (const word of text.match(/\S+\s*/g) ?? []) {
    // Lets an interrupt in: the real worker yields between tokens the same way.
    await sleep(self.WORD_DELAY_MS ?? 0);
    if (interrupted) break;
    if (error && sent === failAfterWords) throw workerError(error);
    sent++;
    emit({ ...base, choices: [{ index: 0, delta: { content: word }, finish_reason: null }] });
  }
  if (error) throw workerError(error);
  emit({ ...base, choices: [{ index: 0, delta: {}, finish_reason: interrupted ? 'abort' : 'stop' }] });
  const prompt = Math.ceil(JSON.stringify(request.messages).length / 4);
  const completion = Math.ceil(text.length / 4);
  emit({ ...base, choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } });
  return null;
}

const methods = {
  catalog: () => CATALOG,
  isCached: ({ modelId }) => isCached(modelId),
  deleteModel: async ({ modelId }) => {
    const found = CATALOG.find((r) => r.model_id === modelId);
    const cache = await caches.open('webllm/model');
    for (const key of await cache.keys()) if (found && key.url.startsWith(found.model)) await cache.delete(key);
    return null;
  },
  load,
  chat,
  interrupt: () => {
    interrupted = true;
    return null;
  },
  unload: () => {
    loaded = undefined;
    return null;
  },
};

self.onmessage = async (event) => {
  const msg = event.data;
  if (msg?.kind !== 'request') return;
  const { id, method, params } = msg;
  const emit = (data) => postMessage({ kind: 'event', id, event: data });
  try {
    const handler = methods[method];
    if (!handler) throw workerError(`Error: The LLM worker double does not handle "${method}".`);
    postMessage({ kind: 'result', id, result: await handler(params, emit) });
  } catch (error) {
    postMessage({ kind: 'error', id, error: error?.code ? error : workerError(String(error)) });
  }
};
