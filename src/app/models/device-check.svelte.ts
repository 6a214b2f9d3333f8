/**
 * The Models screen's device check: a short, user-started, cancellable run of a downloaded
 * model that measures its prefill and decode speed on this device (src/domain/device-check.ts
 * does the arithmetic), stored per model so the setup screen can say how long replies take.
 */
import type { ChatEngine } from '../../ports/chat-engine';
import type { FinishReason } from '../../domain/chat';
import { toAppError } from '../../domain/errors';
import type { DeviceProfile } from '../../domain/device-fit';
import { deviceKey, resultFor, speedFromTimings, type CheckTimings, type DeviceCheckResult } from '../../domain/device-check';

/**
 * A fixed prompt (about 450 tokens in Llama and Qwen tokenizers; the engine's usage gives the
 * exact count) and a reply capped at 96 tokens: about 10 s on a mid laptop GPU.
 */
const PASSAGE =
  'The candidate is applying for a senior platform engineer role at a company that runs a large online marketplace. ' +
  'The team owns the deployment pipeline, the observability stack, the Postgres fleet and the on-call rotation for ' +
  'every service in the checkout path. Over the last year they moved from weekly releases to continuous delivery, ' +
  'cut the median time to restore service from ninety minutes to twenty, and retired a homegrown job scheduler. ' +
  'The next year is about cost: the cloud bill grew faster than traffic, the staging environments are idle most of ' +
  'the week, and the replicas were sized for a peak that came once. The hiring manager wants someone who can lead ' +
  'that work without slowing down the product teams, who writes clear design documents, who mentors two junior ' +
  'engineers, and who stays calm during incidents. The interview has three parts: a conversation about past work, ' +
  'a system design question about a multi-region queue, and questions about how the candidate handles disagreement ' +
  'with product managers and with other senior engineers. The candidate has eight years of experience, five of them ' +
  'on infrastructure, led a migration from virtual machines to containers, and once ran an incident review after a ' +
  'failed database failover that took checkout down for forty minutes on a Saturday. They want to show judgement, ' +
  'ownership and the habit of measuring before changing anything.';
export const CHECK_MAX_TOKENS = 96;

export interface MeasuredRun {
  timings: CheckTimings;
  finishReason: FinishReason;
}

/** One timed run; `clock` in milliseconds (performance.now in the app, scripted in tests). */
export async function measureRun(engine: ChatEngine, clock: () => number, signal?: AbortSignal, run = 1): Promise<MeasuredRun> {
  const startedAt = clock();
  let firstTokenAt: number | undefined;
  let usage = { promptTokens: 0, completionTokens: 0 };
  let finishReason: FinishReason = 'stop';
  const stream = engine.stream({
    messages: [
      // The run number keeps two checks from sharing a cached prompt: each one reads it all.
      { role: 'system', content: `Device check ${run}. You are an interview coach. Answer in plain prose.` },
      { role: 'user', content: `${PASSAGE}\n\nIn about eighty words, tell the candidate what to prepare first.` },
    ],
    temperature: 0,
    maxTokens: CHECK_MAX_TOKENS,
    ...(signal ? { signal } : {}),
  });
  for await (const delta of stream) {
    if (delta.text && firstTokenAt === undefined) firstTokenAt = clock();
    if (delta.usage) usage = delta.usage;
    if (delta.finishReason) finishReason = delta.finishReason;
  }
  return { timings: { startedAt, firstTokenAt, endedAt: clock(), ...usage }, finishReason };
}

export interface DeviceCheckStore {
  get(): Record<string, DeviceCheckResult> | undefined;
  save(result: DeviceCheckResult): Promise<void>;
}

export interface DeviceCheckDeps {
  /** Loads the model (from the cache: the check is offered only for downloaded models). */
  engineFor(modelId: string): Promise<ChatEngine>;
  device(): DeviceProfile | null;
  store?: DeviceCheckStore | undefined;
  clock?: () => number;
  now?: () => Date;
}

export class DeviceCheck {
  #running = $state<{ modelId: string; phase: 'loading' | 'measuring' } | null>(null);
  /** The last run's problem, for the row that ran it. */
  #problem = $state<{ modelId: string; message: string } | null>(null);

  get running(): { modelId: string; phase: 'loading' | 'measuring' } | null {
    return this.#running;
  }
  get problem(): { modelId: string; message: string } | null {
    return this.#problem;
  }

  private controller: AbortController | undefined;
  private runs = 0;

  constructor(private readonly deps: DeviceCheckDeps) {}

  /** The stored result for this model on this adapter. */
  result(modelId: string | undefined): DeviceCheckResult | undefined {
    return resultFor(this.deps.store?.get(), modelId, this.deps.device());
  }

  async run(modelId: string): Promise<DeviceCheckResult | undefined> {
    if (this.#running) return undefined;
    this.#problem = null;
    const controller = new AbortController();
    this.controller = controller;
    this.#running = { modelId, phase: 'loading' };
    try {
      const engine = await this.deps.engineFor(modelId);
      if (controller.signal.aborted) return undefined;
      this.#running = { modelId, phase: 'measuring' };
      const clock = this.deps.clock ?? (() => performance.now());
      const { timings, finishReason } = await measureRun(engine, clock, controller.signal, ++this.runs);
      if (controller.signal.aborted || finishReason === 'abort') return undefined;
      const speed = speedFromTimings(timings);
      if (!speed) {
        this.#problem = { modelId, message: 'The model answered too briefly to measure its speed. Try the check again.' };
        return undefined;
      }
      const result: DeviceCheckResult = {
        modelId,
        measuredAt: (this.deps.now?.() ?? new Date()).toISOString(),
        ...speed,
        promptTokens: timings.promptTokens,
        completionTokens: timings.completionTokens,
        device: deviceKey(this.deps.device()),
      };
      await this.deps.store?.save(result);
      return result;
    } catch (e) {
      if (!controller.signal.aborted) this.#problem = { modelId, message: toAppError(e).message };
      return undefined;
    } finally {
      this.#running = null;
      this.controller = undefined;
    }
  }

  /** Stops the check: the reply is interrupted and nothing is stored. */
  cancel(): void {
    this.controller?.abort();
  }
}
