/**
 * What the local-mode specs and the local-engine bench share: the chat model they pretend is
 * downloaded, how its cache entries are faked, and WebLLM's request read as the fake OpenAI
 * server's request, so the same interviewer responder plays both.
 */
import type { Page } from '@playwright/test';
import type { FakeChatRequest } from '../fake-openai/server';

export const LOCAL_MODEL_ID = 'Llama-3.2-1B-Instruct-q4f32_1-MLC';

/** WebLLM's request (OpenAI shape) in the shape the interviewer responder reads. */
export function asFakeRequest(body: {
  messages: { role: string; content: string }[];
  response_format?: unknown;
  model?: string;
}): FakeChatRequest {
  const messages = body.messages.map((m) => ({ role: m.role, content: m.content })) as FakeChatRequest['messages'];
  return {
    model: body.model ?? LOCAL_MODEL_ID,
    messages,
    json: body.response_format !== undefined,
    stream: true,
    includeUsage: true,
    body: body as Record<string, unknown>,
    headers: {},
    system: messages.find((m) => m.role === 'system')?.content ?? '',
    lastUser: [...messages].reverse().find((m) => m.role === 'user')?.content ?? '',
  };
}

/** Puts placeholder entries where WebLLM looks for a downloaded model (Cache Storage "webllm/model"). */
export async function markModelCached(page: Page, modelUrl: string): Promise<void> {
  await page.evaluate(async (base) => {
    const cache = await caches.open('webllm/model');
    const json = new Response(JSON.stringify({ records: [{ dataPath: 'params_shard_0.bin' }] }), {
      headers: { 'content-type': 'application/json' },
    });
    await cache.put(new Request(`${base}tensor-cache.json`), json);
    await cache.put(new Request(`${base}params_shard_0.bin`), new Response(new Uint8Array(16)));
  }, modelUrl);
}
