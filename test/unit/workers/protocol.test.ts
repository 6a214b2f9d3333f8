import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/errors';
import { WorkerClient, serveWorker, serializeError, deserializeError } from '../../../src/workers/protocol';
import { type ProgressEvent } from '../../../src/ports/progress';

type Api = {
  echo: (p: { text: string }) => string;
  slow: (p: { steps: number }) => number;
  fail: (p: { code: 'quota-exceeded' | 'plain' }) => never;
  waitForCancel: (p: Record<string, never>) => string;
};

function connect() {
  const channel = new MessageChannel();
  serveWorker<Api>(channel.port2 as never, {
    echo: ({ text }) => text.toUpperCase(),
    slow: async ({ steps }, ctx) => {
      for (let i = 1; i <= steps; i++) ctx.progress({ label: 'Working', phase: 'work', loaded: i, total: steps, fraction: i / steps });
      return steps;
    },
    fail: ({ code }) => {
      if (code === 'plain') throw new TypeError('boom');
      throw new AppError('quota-exceeded', 'No space left.', { details: { needed: 10 } });
    },
    waitForCancel: (_p, ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve('cancelled'))),
  });
  channel.port1.start();
  channel.port2.start();
  const endpoint = Object.assign(channel.port1, {}) as unknown as ConstructorParameters<typeof WorkerClient<Api>>[0];
  return { client: new WorkerClient<Api>(endpoint), channel };
}

describe('worker protocol', () => {
  it('returns results', async () => {
    const { client, channel } = connect();
    await expect(client.call('echo', { text: 'hi' })).resolves.toBe('HI');
    channel.port1.close();
  });

  it('delivers progress events before the result', async () => {
    const { client, channel } = connect();
    const events: ProgressEvent[] = [];
    const result = await client.call('slow', { steps: 3 }, { onProgress: (e) => events.push(e) });
    expect(result).toBe(3);
    expect(events.map((e) => e.loaded)).toEqual([1, 2, 3]);
    channel.port1.close();
  });

  it('carries AppError codes, details and messages across the boundary', async () => {
    const { client, channel } = connect();
    const error = await client.call('fail', { code: 'quota-exceeded' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('quota-exceeded');
    expect((error as AppError).message).toBe('No space left.');
    expect((error as AppError).details).toEqual({ needed: 10 });
    channel.port1.close();
  });

  it('wraps unexpected errors without leaking their text into the user message, and keeps serving', async () => {
    const { client, channel } = connect();
    const error = (await client.call('fail', { code: 'plain' }).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('unknown');
    expect(error.message).not.toContain('boom');
    expect(String((error as { cause?: Error }).cause?.message)).toContain('boom');
    await expect(client.call('echo', { text: 'still here' })).resolves.toBe('STILL HERE');
    channel.port1.close();
  });

  it('aborting a call rejects it with code aborted and cancels the handler', async () => {
    const { client, channel } = connect();
    const controller = new AbortController();
    const pending = client.call('waitForCancel', {}, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    channel.port1.close();
  });

  it('serializes AbortError as aborted and round-trips retryAfterSeconds', () => {
    expect(serializeError(new DOMException('x', 'AbortError')).code).toBe('aborted');
    const back = deserializeError(serializeError(new AppError('remote-rate-limited', 'Wait.', { retryAfterSeconds: 7 })));
    expect(back.retryAfterSeconds).toBe(7);
    expect(back.code).toBe('remote-rate-limited');
  });
});
