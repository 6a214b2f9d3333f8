/**
 * Pins the KV-cache double to WebLLM 0.2.86's own code. Every scenario runs twice: through
 * the double (test/doubles/kv-cache-engine.ts), and through WebLLM's real
 * `MLCEngine.prototype.preparePrefillInput` (which calls the module's
 * `getConversationFromChatCompletionRequest` and `compareConversationObject`) with a stand-in
 * pipeline whose conversation is advanced by WebLLM's real `Conversation` methods, as
 * `forwardPrefill` and `finishReply` do. Both must agree on every reset.
 */
import { describe, expect, it } from 'vitest';
import { MLCEngine } from '@mlc-ai/web-llm';
import type { ChatRequest } from '../../../src/ports/chat-engine';
import type { ChatMessage, FinishReason } from '../../../src/domain/chat';
import { buildCompletionRequest } from '../../../src/adapters/llm/webllm-engine';
import { approximateTokenCounter } from '../../doubles/approximate-token-counter';
import { KvCacheEngine } from '../../doubles/kv-cache-engine';
import { EMPTY_THINK_BLOCK, lastRoundTokens } from '../../doubles/webllm-reuse-rule';
import { ScriptedChatEngine, type ScriptedReply } from '../../doubles/scripted-chat-engine';

const LLAMA = 'Llama-3.2-3B-Instruct-q4f16_1-MLC';
const QWEN3 = 'Qwen3-1.7B-q4f16_1-MLC';

interface Step {
  request: ChatRequest;
  reply: string;
  /** 'abort': the caller stops reading after the first piece; 'length': maxTokens cuts it. */
  end?: 'stop' | 'abort';
}

/** A chat template just complete enough for WebLLM's Conversation (roles and separators). */
const CHAT_CONFIG = {
  conv_template: {
    name: 'test',
    system_template: '{system_message}',
    system_message: '',
    roles: { user: 'user', assistant: 'assistant', tool: 'tool' },
    role_templates: {},
    seps: ['\n'],
    role_content_sep: ': ',
    role_empty_sep: ': ',
    stop_str: [],
    stop_token_ids: [],
    system_prefix_token_ids: undefined,
    add_role_after_system_message: true,
  },
  conv_config: {},
};

interface WebLLMConversation {
  appendMessage(role: string, message: string): void;
  appendReplyHeader(role: string): void;
  appendEmptyThinkingReplyHeader(role: string, block: string): void;
  finishReply(message: string): void;
}

/** Replays the steps through WebLLM's preparePrefillInput; returns, per request, whether it reset. */
function webllmResets(
  steps: { body: Record<string, unknown>; generated: string; finish: FinishReason; thinkingOff: boolean }[],
): boolean[] {
  const empty = {
    messages: [],
    function_string: '',
    use_function_calling: false,
    override_system_message: undefined,
    isTextCompletion: false,
  };
  let conversation: unknown = empty;
  let finishReason: FinishReason | undefined;
  let reset = false;
  const pipeline = {
    getConversationObject: () => conversation,
    getFinishReason: () => finishReason,
    resetChat: () => void (reset = true),
    setConversation: (next: unknown) => void (conversation = next),
  };
  const prepare = (MLCEngine.prototype as unknown as { preparePrefillInput: (...args: unknown[]) => { inputStr: string } })
    .preparePrefillInput;
  return steps.map(({ body, generated, finish, thinkingOff }) => {
    reset = false;
    const { inputStr } = prepare.call({}, body, pipeline, CHAT_CONFIG);
    // forwardPrefill: the input and a reply header join the pipeline's conversation ...
    const conv = conversation as WebLLMConversation;
    conv.appendMessage('user', inputStr);
    if (thinkingOff) conv.appendEmptyThinkingReplyHeader('assistant', EMPTY_THINK_BLOCK);
    else conv.appendReplyHeader('assistant');
    // ... and finishReply stores the decoded output (think block first when thinking is off).
    conv.finishReply(thinkingOff ? EMPTY_THINK_BLOCK + generated : generated);
    finishReason = finish;
    return reset;
  });
}

async function drain(engine: KvCacheEngine, step: Step): Promise<void> {
  for await (const delta of engine.stream(step.request)) {
    if (step.end === 'abort' && delta.text) break;
  }
}

/** Runs the steps through the double and through WebLLM; returns the double's records after checking both agree. */
async function run(steps: Step[], modelId = LLAMA) {
  const scripts: ScriptedReply[] = steps.map((s) => ({ text: s.reply, pieceSize: 5 }));
  const engine = new KvCacheEngine(new ScriptedChatEngine(scripts), { count: approximateTokenCounter, modelId });
  for (const step of steps) await drain(engine, step);
  const replay = engine.records.map((record, i) => ({
    body: buildCompletionRequest(steps[i]!.request, modelId),
    generated: record.text,
    finish: record.finishReason as FinishReason,
    thinkingOff: modelId === QWEN3,
  }));
  expect(engine.records.map((r) => !r.verdict.reused)).toEqual(webllmResets(replay));
  return engine.records;
}

const sys = (content: string): ChatMessage => ({ role: 'system', content });
const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });
const turn = (messages: ChatMessage[], extra: Partial<ChatRequest> = {}): ChatRequest => ({ messages, temperature: 0.7, ...extra });

describe('KvCacheEngine applies WebLLM 0.2.86 reuse rule', () => {
  it('continues a request that repeats the previous one and the reply exactly, and prefills only the new round', async () => {
    const records = await run([
      { request: turn([sys('You interview.'), user('Hello')]), reply: '[NEXT] Welcome. First question?' },
      {
        request: turn([sys('You interview.'), user('Hello'), assistant('[NEXT] Welcome. First question?'), user('My answer.')]),
        reply: 'Thanks. Second question?',
      },
    ]);
    expect(records.map((r) => r.verdict.reused)).toEqual([false, true]);
    expect(records[0]!.verdict).toMatchObject({ reason: 'first request' });
    expect(records[0]!.prefilled).toBe(records[0]!.promptTokens);
    expect(records[1]!.prefilled).toBe(lastRoundTokens('My answer.', approximateTokenCounter, false));
    expect(records[1]!.prefilled).toBeLessThan(records[1]!.promptTokens);
    expect(records[1]!.decoded).toBe(approximateTokenCounter('Thanks. Second question?'));
  });

  it('resets when the reply is sent back changed (marker removed, trimmed)', async () => {
    const records = await run([
      { request: turn([sys('S'), user('Hello')]), reply: '[NEXT] Welcome. First question? ' },
      { request: turn([sys('S'), user('Hello'), assistant('Welcome. First question?'), user('Answer')]), reply: 'Next?' },
    ]);
    expect(records[1]!.verdict).toEqual({ reused: false, reason: 'history differs', at: 1, detail: 'reply not sent back as generated' });
    expect(records[1]!.prefilled).toBe(records[1]!.promptTokens);
  });

  it('resets when the system message changes (a turn instruction at its end)', async () => {
    const records = await run([
      { request: turn([sys('Rules. Your next turn: greet.'), user('Hello')]), reply: 'Hi. Q1?' },
      { request: turn([sys('Rules. Your next turn: ask Q2.'), user('Hello'), assistant('Hi. Q1?'), user('A1')]), reply: 'Q2?' },
    ]);
    expect(records[1]!.verdict).toMatchObject({ reused: false, reason: 'system message changed' });
  });

  it('merges later system notes into the first, as our adapter does, so a new summary resets', async () => {
    const history = [sys('S'), user('Hello'), assistant('Hi. Q1?')];
    const records = await run([
      { request: turn([sys('S'), user('Hello')]), reply: 'Hi. Q1?' },
      { request: turn([...history, sys('Summary: earlier turns.'), user('A1')]), reply: 'Q2?' },
    ]);
    expect(records[1]!.messages[0]).toEqual(sys('S\n\nSummary: earlier turns.'));
    expect(records[1]!.verdict).toMatchObject({ reason: 'system message changed' });
  });

  it('resets after a stopped reply, even when the next request sends it back exactly', async () => {
    const records = await run([
      { request: turn([sys('S'), user('Hello')]), reply: 'Hi there, first question?', end: 'abort' },
      { request: turn([sys('S'), user('Hello'), assistant('Hi th'), user('A1')]), reply: 'Q2?' },
    ]);
    expect(records[0]!.finishReason).toBe('abort');
    expect(records[0]!.text).toBe('Hi th');
    expect(records[1]!.verdict).toMatchObject({ reused: false, reason: 'previous reply stopped' });
  });

  it('cuts a reply at maxTokens with finishReason length, and the next request resets', async () => {
    const long = 'word '.repeat(40);
    const records = await run([
      { request: turn([sys('S'), user('Hello')], { maxTokens: 10 }), reply: long },
      { request: turn([sys('S'), user('Hello'), assistant(long.slice(0, 40)), user('A1')]), reply: 'Q2?' },
    ]);
    expect(records[0]!.finishReason).toBe('length');
    expect(records[0]!.decoded).toBeLessThanOrEqual(10);
    expect(records[1]!.verdict).toMatchObject({ reused: false, reason: 'previous reply cut' });
  });

  it('keeps one engine state: a JSON side request between two turns evicts the conversation', async () => {
    const t1 = [sys('S'), user('Hello')];
    const records = await run([
      { request: turn(t1), reply: 'Hi. Q1?' },
      { request: turn([sys('Reply with JSON.'), user('Assess the answer.')], { json: true, temperature: 0.4 }), reply: '{"score": 5}' },
      { request: turn([...t1, assistant('Hi. Q1?'), user('A1')]), reply: 'Q2?' },
    ]);
    expect(records.map((r) => r.verdict.reused)).toEqual([false, false, false]);
    expect(records[1]!.verdict).toMatchObject({ reason: 'no history' });
    expect(records[1]!.json).toBe(true);
  });

  it('ignores the generation config: a JSON request with other settings still continues the same messages', async () => {
    const records = await run([
      { request: turn([sys('S'), user('Hello')]), reply: 'Hi. Q1?' },
      {
        request: turn([sys('S'), user('Hello'), assistant('Hi. Q1?'), user('Now score it.')], {
          json: { schema: { type: 'object' } },
          temperature: 0.1,
          maxTokens: 300,
        }),
        reply: '{"score": 7}',
      },
    ]);
    expect(records[1]!.verdict.reused).toBe(true);
  });

  it('never continues a one-message request, even the same one twice', async () => {
    const records = await run([
      { request: turn([user('Summarize this.')]), reply: 'A summary.' },
      { request: turn([user('Summarize this.')]), reply: 'A summary.' },
    ]);
    expect(records.map((r) => r.verdict)).toEqual([
      { reused: false, reason: 'first request' },
      { reused: false, reason: 'no history' },
    ]);
  });

  it("adds the adapter's closing user message when the model speaks first, and continues from it", async () => {
    const records = await run([
      { request: turn([sys('S')]), reply: 'Hi. Q1?' },
      { request: turn([sys('S'), assistant('Hi. Q1?'), user('A1')]), reply: 'Q2?' },
      { request: turn([sys('S'), user('Please continue.'), assistant('Hi. Q1?'), user('A1'), assistant('Q2?'), user('A2')]), reply: 'Q3?' },
    ]);
    expect(records[0]!.messages.at(-1)).toEqual(user('Please continue.'));
    // The engine holds "Please continue." before the reply; a history without it differs.
    expect(records[1]!.verdict).toMatchObject({ reused: false, reason: 'history differs', at: 0 });
    expect(records[2]!.verdict).toMatchObject({ reused: false, reason: 'history differs' });
  });

  it('with Qwen3 (thinking off) holds the reply behind an empty think block, so the bare reply never continues', async () => {
    const records = await run(
      [
        { request: turn([sys('S'), user('Hello')]), reply: 'Hi. Q1?' },
        { request: turn([sys('S'), user('Hello'), assistant('Hi. Q1?'), user('A1')]), reply: 'Q2?' },
        {
          request: turn([sys('S'), user('Hello'), assistant('Hi. Q1?'), user('A1'), assistant(`${EMPTY_THINK_BLOCK}Q2?`), user('A2')]),
          reply: 'Q3?',
        },
      ],
      QWEN3,
    );
    expect(records[1]!.verdict).toMatchObject({ reused: false, detail: 'reply sent back without the empty think block' });
    expect(records[2]!.verdict.reused).toBe(true);
    expect(records[0]!.decoded).toBe(approximateTokenCounter(EMPTY_THINK_BLOCK) + approximateTokenCounter('Hi. Q1?'));
  });

  it('reports what it prefilled as usage.promptTokens, like WebLLM', async () => {
    const engine = new KvCacheEngine(new ScriptedChatEngine(['Hi. Q1?']), { count: approximateTokenCounter });
    const deltas = [];
    for await (const delta of engine.stream(turn([sys('S'), user('Hello')]))) deltas.push(delta);
    expect(deltas.at(-1)).toEqual({
      finishReason: 'stop',
      usage: { promptTokens: engine.records[0]!.prefilled, completionTokens: 2, totalTokens: engine.records[0]!.prefilled + 2 },
    });
    expect(engine.position()).toEqual({ request: 0, decoded: 2 });
  });
});
