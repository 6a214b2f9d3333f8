/**
 * Chrome's built-in model (Gemini Nano, through the Prompt API's `LanguageModel` global) as a
 * further on-device ChatEngine. Feature-detected and never required: most browsers lack it.
 *
 * The Prompt API keeps conversation state in a session; our engines are stateless (every
 * request carries the whole conversation, already budgeted by the context policy), so each
 * request gets a fresh session seeded with `initialPrompts` and is destroyed afterwards.
 */
import type { ChatEngine, ChatRequest, EngineInfo } from '../../ports/chat-engine';
import type { ChatDelta, ChatMessage } from '../../domain/chat';
import { AppError } from '../../domain/errors';
import type { ProgressEvent } from '../../ports/progress';

export type PromptApiAvailability = 'absent' | 'unavailable' | 'downloadable' | 'downloading' | 'available';

export interface PromptApiSession {
  promptStreaming(input: string, options?: { signal?: AbortSignal; responseConstraint?: Record<string, unknown> }): ReadableStream<string>;
  destroy(): void;
  /** Tokens the session accepts (Chrome 137+); older builds call it maxTokens. */
  inputQuota?: number;
  maxTokens?: number;
}

interface DownloadMonitor {
  addEventListener(type: 'downloadprogress', listener: (event: { loaded: number; total?: number }) => void): void;
}

export interface PromptApiCreateOptions {
  initialPrompts?: ChatMessage[];
  temperature?: number;
  topK?: number;
  signal?: AbortSignal;
  monitor?: (monitor: DownloadMonitor) => void;
  expectedInputs?: { type: 'text'; languages?: string[] }[];
  expectedOutputs?: { type: 'text'; languages?: string[] }[];
}

/** The `LanguageModel` global's surface that we use. */
export interface LanguageModelStatic {
  availability(options?: Record<string, unknown>): Promise<string>;
  create(options?: PromptApiCreateOptions): Promise<PromptApiSession>;
  params?(): Promise<{ defaultTopK: number; maxTopK?: number; defaultTemperature?: number } | null>;
}

export function getLanguageModel(scope: object = globalThis): LanguageModelStatic | undefined {
  const candidate = (scope as { LanguageModel?: unknown }).LanguageModel;
  if (typeof candidate !== 'function' && (typeof candidate !== 'object' || candidate === null)) return undefined;
  const lm = candidate as Partial<LanguageModelStatic>;
  return typeof lm.availability === 'function' && typeof lm.create === 'function' ? (lm as LanguageModelStatic) : undefined;
}

/** Never throws: a broken or half-implemented API counts as unavailable. */
export async function promptApiAvailability(scope: object = globalThis, language = 'en'): Promise<PromptApiAvailability> {
  const lm = getLanguageModel(scope);
  if (!lm) return 'absent';
  try {
    // Chrome wants the languages up front: availability differs per language.
    const value = await lm.availability(languageOptions(language));
    // 'readily' / 'after-download' are the names from Chrome's origin trial.
    if (value === 'available' || value === 'readily') return 'available';
    if (value === 'downloadable' || value === 'after-download') return 'downloadable';
    if (value === 'downloading') return 'downloading';
    return 'unavailable';
  } catch {
    return 'unavailable';
  }
}

function languageOptions(language: string): {
  expectedInputs: { type: 'text'; languages: string[] }[];
  expectedOutputs: { type: 'text'; languages: string[] }[];
} {
  return { expectedInputs: [{ type: 'text', languages: [language] }], expectedOutputs: [{ type: 'text', languages: [language] }] };
}

const REMOTE_OR_WEBLLM = 'Pick another model on the Models screen, or use a remote model (Settings → Engine).';

export function mapPromptApiError(error: unknown, phase: 'create' | 'prompt'): AppError {
  if (error instanceof AppError) return error;
  const name = typeof error === 'object' && error !== null ? String((error as { name?: unknown }).name ?? '') : '';
  const cause = { cause: error };
  switch (name) {
    case 'AbortError':
      return new AppError('aborted', 'Stopped.', cause);
    case 'NotAllowedError':
      return new AppError(
        'model-load-failed',
        phase === 'create'
          ? 'Chrome needs a click to start downloading its built-in model. Press the button again to start it, or pick another model.'
          : `Chrome refused to use its built-in model here (it may be turned off by policy). ${REMOTE_OR_WEBLLM}`,
        cause,
      );
    case 'NotSupportedError':
      return new AppError(
        'model-load-failed',
        `Chrome's built-in model does not support this language or request. ${REMOTE_OR_WEBLLM}`,
        cause,
      );
    case 'QuotaExceededError':
      // In the Prompt API this means the prompt is longer than the session accepts, not storage.
      return new AppError(
        'budget-exhausted',
        "The conversation is too long for Chrome's built-in model. Finish this interview and get feedback, or switch to a model with a larger context.",
        cause,
      );
    default:
      return new AppError(
        phase === 'create' ? 'model-load-failed' : 'unknown',
        phase === 'create'
          ? `Chrome's built-in model could not be started. ${REMOTE_OR_WEBLLM}`
          : `Chrome's built-in model stopped while answering. Try again. ${REMOTE_OR_WEBLLM}`,
        cause,
      );
  }
}

/** System messages merged first (the API accepts one, first); the last user turn is the prompt. */
export function splitConversation(messages: ChatMessage[]): { initialPrompts: ChatMessage[]; prompt: string } {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const rest = messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role, content: m.content }));
  const last = rest[rest.length - 1];
  const prompt = last?.role === 'user' ? (rest.pop(), last.content) : 'Please continue.';
  return { initialPrompts: [...(system.length ? [{ role: 'system' as const, content: system.join('\n\n') }] : []), ...rest], prompt };
}

/** Chrome's published limit for Gemini Nano sessions when the session does not say. */
const FALLBACK_CONTEXT_WINDOW = 4096;

export interface PromptApiEngineOptions {
  /** Where `LanguageModel` lives; `globalThis` in the browser, a double in tests. */
  scope?: object;
  /** Reports the one-time download of Chrome's model. */
  onProgress?: (progress: ProgressEvent) => void;
  signal?: AbortSignal;
  /** ISO 639-1 language of the interview; Chrome supports a few (en, es, ja at the time of writing). */
  language?: string;
}

export class PromptApiEngine implements ChatEngine {
  readonly info: EngineInfo = {
    id: 'prompt-api:gemini-nano',
    kind: 'prompt-api',
    label: "Chrome's built-in model on this device",
    model: 'gemini-nano',
  };

  private constructor(
    private readonly lm: LanguageModelStatic,
    readonly contextWindow: number,
    private readonly topK: number | undefined,
    private readonly language: string | undefined,
  ) {}

  /** Checks availability, downloads Chrome's model if needed (a click must have started this), and measures the context window. */
  static async create(options: PromptApiEngineOptions = {}): Promise<PromptApiEngine> {
    const lm = getLanguageModel(options.scope);
    const availability = await promptApiAvailability(options.scope, options.language);
    if (!lm || availability === 'absent') {
      throw new AppError('model-load-failed', `This browser has no built-in model (Chrome's Prompt API). ${REMOTE_OR_WEBLLM}`);
    }
    if (availability === 'unavailable') {
      throw new AppError(
        'model-load-failed',
        `Chrome's built-in model is not available on this device (it needs enough disk space and a supported GPU or CPU). ${REMOTE_OR_WEBLLM}`,
      );
    }
    const languages = options.language ? languageOptions(options.language) : undefined;
    let probe: PromptApiSession;
    try {
      probe = await lm.create({
        ...(options.signal ? { signal: options.signal } : {}),
        ...(languages ?? {}),
        monitor: (monitor) =>
          monitor.addEventListener('downloadprogress', (event) => {
            const fraction = event.total ? event.loaded / event.total : event.loaded;
            options.onProgress?.({
              label: "Downloading Chrome's built-in model",
              phase: 'download',
              fraction: Math.max(0, Math.min(1, fraction)),
            });
          }),
      });
    } catch (error) {
      throw mapPromptApiError(error, 'create');
    }
    const contextWindow = probe.inputQuota ?? probe.maxTokens ?? FALLBACK_CONTEXT_WINDOW;
    probe.destroy();
    let topK: number | undefined;
    try {
      topK = (await lm.params?.())?.defaultTopK;
    } catch {
      topK = undefined;
    }
    options.onProgress?.({ label: 'Model ready', phase: 'done', fraction: 1 });
    return new PromptApiEngine(lm, Number.isFinite(contextWindow) ? contextWindow : FALLBACK_CONTEXT_WINDOW, topK, options.language);
  }

  /** Keeps the port's abort contract: a fired signal, at any moment, ends with finishReason 'abort'. */
  async *stream(request: ChatRequest): AsyncIterable<ChatDelta> {
    const { signal } = request;
    if (signal?.aborted) {
      yield { finishReason: 'abort' };
      return;
    }
    const { initialPrompts, prompt } = splitConversation(request.messages);
    let session: PromptApiSession;
    try {
      session = await this.lm.create({
        initialPrompts,
        // The API takes temperature only together with topK.
        ...(request.temperature !== undefined && this.topK !== undefined ? { temperature: request.temperature, topK: this.topK } : {}),
        ...(this.language ? languageOptions(this.language) : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) {
        yield { finishReason: 'abort' };
        return;
      }
      throw mapPromptApiError(error, 'create');
    }
    try {
      if (signal?.aborted) {
        yield { finishReason: 'abort' };
        return;
      }
      const constraint = request.json ? (typeof request.json === 'object' ? request.json.schema : { type: 'object' }) : undefined;
      const stream = session.promptStreaming(prompt, {
        ...(signal ? { signal } : {}),
        ...(constraint ? { responseConstraint: constraint } : {}),
      });
      const reader = stream.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done || signal?.aborted) break;
          if (value) yield { text: value };
        }
      } finally {
        // Cancelling stops generation when we leave early (stop, or the consumer broke off).
        await reader.cancel().catch(() => undefined);
        reader.releaseLock();
      }
    } catch (error) {
      if (!signal?.aborted) throw mapPromptApiError(error, 'prompt');
    } finally {
      session.destroy();
    }
    yield { finishReason: signal?.aborted ? 'abort' : 'stop' };
  }
}
