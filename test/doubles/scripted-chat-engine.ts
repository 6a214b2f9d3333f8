/**
 * A ChatEngine that streams scripted replies, for tests only. Each request takes the next
 * script (or asks a function of the request). It keeps the port's abort contract like the real
 * engines (a fired signal, at any moment, ends the stream with finishReason 'abort'),
 * can fail on purpose (before or part-way through a stream), can hold a stream open until
 * the test releases or aborts it, and records every request.
 */
import type { ChatEngine, ChatRequest, EngineInfo, EngineKind } from '../../src/ports/chat-engine';
import type { ChatDelta, TokenUsage } from '../../src/domain/chat';
import { AppError } from '../../src/domain/errors';

export interface ScriptedReply {
  text: string;
  /** Characters per streamed piece (default 7, so markers and words split across pieces). */
  pieceSize?: number;
  usage?: TokenUsage;
  /** Throw this before any text. */
  fail?: AppError;
  /** Throw `failMidway` after this many characters have been streamed (a cut stream). */
  failAfterChars?: number;
  failMidway?: AppError;
  /** Stop after this many characters and wait until `release()` or an abort. */
  holdAfterChars?: number;
  /** How the stream ends (default 'stop'); 'length' is a reply cut by the token limit. */
  finishReason?: 'stop' | 'length';
}

export type Script = string | ScriptedReply;
export type Responder = (request: ChatRequest, call: number) => Script;

export interface ScriptedEngineOptions {
  id?: string;
  label?: string;
  contextWindow?: number;
  /** What the engine says it is (default remote, on 127.0.0.1); an on-device kind has no host. */
  kind?: EngineKind;
}

export class ScriptedChatEngine implements ChatEngine {
  readonly info: EngineInfo;
  readonly contextWindow: number;
  readonly requests: ChatRequest[] = [];
  private readonly scripts: Script[] | Responder;
  private releaseHold: (() => void) | undefined;
  /** Resolves when a stream reaches its hold point (lets a test act mid-stream). */
  held: Promise<void> = Promise.resolve();
  private markHeld: (() => void) | undefined;

  constructor(scripts: Script[] | Responder, options: ScriptedEngineOptions = {}) {
    this.scripts = scripts;
    const id = options.id ?? 'scripted:test-model';
    const kind = options.kind ?? 'remote';
    this.info = {
      id,
      kind,
      label: options.label ?? 'Scripted test model',
      model: 'test-model',
      ...(kind === 'remote' ? { host: '127.0.0.1' } : {}),
    };
    this.contextWindow = options.contextWindow ?? 8192;
    this.armHold();
  }

  /** Lets a held stream continue. */
  release(): void {
    this.releaseHold?.();
  }

  private armHold(): void {
    this.held = new Promise((resolve) => (this.markHeld = resolve));
  }

  private next(request: ChatRequest): ScriptedReply {
    const call = this.requests.length - 1;
    const script = typeof this.scripts === 'function' ? this.scripts(request, call) : this.scripts[call];
    if (script === undefined) throw new Error(`ScriptedChatEngine: no script for request ${call + 1}`);
    return typeof script === 'string' ? { text: script } : script;
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatDelta> {
    this.requests.push(structuredClone({ ...request, signal: undefined }));
    const script = this.next(request);
    const signal = request.signal;
    if (signal?.aborted) {
      yield { finishReason: 'abort' };
      return;
    }
    if (script.fail) throw script.fail;
    const size = script.pieceSize ?? 7;
    let sent = 0;
    while (sent < script.text.length) {
      await Promise.resolve();
      if (signal?.aborted) {
        yield { finishReason: 'abort' };
        return;
      }
      if (script.failAfterChars !== undefined && sent >= script.failAfterChars) {
        throw script.failMidway ?? new AppError('remote-network', 'The connection dropped. Check your network and try again.');
      }
      if (script.holdAfterChars !== undefined && sent >= script.holdAfterChars) {
        await new Promise<void>((resolve) => {
          this.releaseHold = resolve;
          signal?.addEventListener('abort', () => resolve(), { once: true });
          this.markHeld?.();
        });
        this.armHold();
        script.holdAfterChars = undefined;
        continue;
      }
      const piece = script.text.slice(sent, sent + size);
      sent += piece.length;
      yield { text: piece };
    }
    if (signal?.aborted) {
      yield { finishReason: 'abort' };
      return;
    }
    yield { finishReason: script.finishReason ?? 'stop', ...(script.usage ? { usage: script.usage } : {}) };
  }
}
