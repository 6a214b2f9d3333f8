/**
 * A ChatEngine double for twin tests: records every request and answers with a function of
 * it, streamed in small pieces, optionally failing. It keeps the port's abort contract: a
 * fired signal, at any moment, ends the stream with finishReason 'abort'.
 */
import type { ChatEngine, ChatRequest, EngineInfo } from '../../src/ports/chat-engine';
import type { ChatDelta } from '../../src/domain/chat';

export type Reply = string | Error | ((request: ChatRequest) => string | Error);

export class RecordingChatEngine implements ChatEngine {
  readonly requests: ChatRequest[] = [];
  readonly info: EngineInfo;

  constructor(
    private readonly reply: Reply,
    readonly contextWindow = 4096,
    kind: EngineInfo['kind'] = 'remote',
  ) {
    this.info = {
      id: `${kind}:test`,
      kind,
      label: kind === 'remote' ? 'Test remote model' : 'Test local model',
      model: 'test',
      ...(kind === 'remote' ? { host: 'example.test' } : {}),
    };
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatDelta> {
    this.requests.push(structuredClone({ ...request, signal: undefined }));
    if (request.signal?.aborted) {
      yield { finishReason: 'abort' };
      return;
    }
    const answer = typeof this.reply === 'function' ? this.reply(request) : this.reply;
    if (answer instanceof Error) throw answer;
    const pieces = answer.match(/.{1,8}/gs) ?? [];
    for (const piece of pieces) {
      await Promise.resolve();
      if (request.signal?.aborted) {
        yield { finishReason: 'abort' };
        return;
      }
      yield { text: piece };
    }
    yield { finishReason: request.signal?.aborted ? 'abort' : 'stop' };
  }
}
