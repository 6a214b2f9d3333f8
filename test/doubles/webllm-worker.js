// Test double for Rehearse's WebLLM worker (src/adapters/llm/llm.worker.ts), for machines
// with no GPU and no model weights. It speaks the message protocol of WebLLM's
// WebWorkerMLCEngineHandler (kind/uuid/content → "return" | "throw" | "initProgressCallback"),
// so the real main-thread client (CreateWebWorkerMLCEngine) and the real WebLLMEngine adapter
// run unchanged. Replies come from the test over a BroadcastChannel (same origin, no network):
// the page relays each request to Playwright and posts the reply text back.
// Served in place of the built worker by test/e2e/local-mode.spec.ts; never part of the app.

const channel = new BroadcastChannel('rehearse-test-llm');
const waiting = new Map();
const streams = new Map();
let interrupted = false;

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

/**
 * OpenAI-style chunks, one per word, then the finish and the usage, as WebLLM yields them.
 * With `error`, the worker fails after `failAfterWords` words the way WebLLM reports a lost
 * GPU: the next chunk request throws the error's text.
 */
function* chunks({ text, error, failAfterWords = 0 }, request) {
  const base = { id: 'chatcmpl-double', object: 'chat.completion.chunk', created: 0, model: request.model ?? 'double' };
  let sent = 0;
  for (const word of text.match(/\S+\s*/g) ?? []) {
    if (interrupted) break;
    if (error && sent === failAfterWords) throw new Error(error);
    sent++;
    yield { ...base, choices: [{ index: 0, delta: { content: word }, finish_reason: null }] };
  }
  if (error) throw new Error(error);
  const finish = interrupted ? 'abort' : 'stop';
  yield { ...base, choices: [{ index: 0, delta: {}, finish_reason: finish }] };
  const prompt = JSON.stringify(request.messages).length / 4;
  const completion = text.length / 4;
  yield {
    ...base,
    choices: [],
    usage: { prompt_tokens: Math.ceil(prompt), completion_tokens: Math.ceil(completion), total_tokens: Math.ceil(prompt + completion) },
  };
}

async function handle(msg) {
  switch (msg.kind) {
    case 'reload':
      // A cached model: WebLLM reports loading from the cache, then is ready.
      for (const progress of [0, 0.5, 1]) {
        postMessage({
          kind: 'initProgressCallback',
          uuid: '',
          content: { progress, timeElapsed: 0, text: `Loading model from cache[${progress * 10}/10]` },
        });
      }
      return null;
    case 'chatCompletionStreamInit': {
      interrupted = false;
      const { request, streamId } = msg.content;
      streams.set(streamId, chunks(await replyFor(request), request));
      return null;
    }
    case 'completionStreamNextChunk': {
      const stream = streams.get(msg.content.streamId);
      const next = stream?.next();
      if (!next || next.done) {
        streams.delete(msg.content.streamId);
        return undefined;
      }
      return next.value;
    }
    case 'completionStreamReturn':
      streams.delete(msg.content.streamId);
      return null;
    case 'interruptGenerate':
      interrupted = true;
      return null;
    case 'getMessage':
    case 'runtimeStatsText':
      return '';
    case 'unload':
    case 'resetChat':
    case 'setLogLevel':
    case 'setAppConfig':
      return null;
    default:
      throw new Error(`The WebLLM worker double does not handle "${msg.kind}".`);
  }
}

self.onmessage = async (event) => {
  const msg = event.data;
  try {
    postMessage({ kind: 'return', uuid: msg.uuid, content: await handle(msg) });
  } catch (error) {
    postMessage({ kind: 'throw', uuid: msg.uuid, content: String(error) });
  }
};
