/**
 * The LLM worker without a browser: each "worker" the client spawns is a MessageChannel whose
 * far end runs the real handlers (createLlmHandlers) over a scripted or real WebLLM library.
 * Lets unit tests drive llm-client.ts → protocol → llm-worker-handlers.ts end to end.
 */
import { serveWorker } from '../../src/workers/protocol';
import { createLlmHandlers, type WorkerWebLLM } from '../../src/adapters/llm/llm-worker-handlers';
import { LlmWorkerClient, type WorkerEndpoint } from '../../src/adapters/llm/llm-client';
import type { LlmWorkerApi } from '../../src/adapters/llm/llm-protocol';

export interface ChannelWorkers {
  client: LlmWorkerClient;
  /** How many workers were started, and how many terminated. */
  spawned: () => number;
  terminated: () => number;
}

export function connectLlmWorker(lib: () => WorkerWebLLM): ChannelWorkers {
  let spawned = 0;
  let terminated = 0;
  const client = new LlmWorkerClient(() => {
    spawned++;
    const channel = new MessageChannel();
    serveWorker<LlmWorkerApi>(channel.port2 as never, createLlmHandlers(lib()));
    channel.port1.start();
    channel.port2.start();
    return Object.assign(channel.port1, {
      terminate: () => {
        terminated++;
        channel.port1.close();
        channel.port2.close();
      },
    }) as unknown as WorkerEndpoint;
  });
  return { client, spawned: () => spawned, terminated: () => terminated };
}
