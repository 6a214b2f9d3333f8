/**
 * The part of the Web Locks API (navigator.locks) the conversation lock uses, and an in-memory
 * implementation of it with the same rules: the fallback where Web Locks are missing (it then
 * only coordinates claims inside one tab) and the double that two "tabs" share in tests.
 */

export interface LockRequestOptions {
  /** Grant now or call back with null; never wait. */
  ifAvailable?: boolean;
  /** Take the lock from its holder, whose request then rejects with an AbortError. */
  steal?: boolean;
  /** Leaves the line (rejects with an AbortError) while still waiting. */
  signal?: AbortSignal;
}

export interface LockManagerLike {
  request<T>(name: string, options: LockRequestOptions, callback: (lock: { name: string } | null) => T | Promise<T>): Promise<Awaited<T>>;
}

const abortError = (message: string) => new DOMException(message, 'AbortError');

interface Holder {
  stolen: (error: unknown) => void;
}

interface Waiter {
  grant: () => void;
  reject: (error: unknown) => void;
}

/** Exclusive locks only, as the conversation lock uses; the option rules of the spec are kept. */
export function createMemoryLockManager(): LockManagerLike {
  const held = new Map<string, Holder>();
  const lines = new Map<string, Waiter[]>();

  const next = (name: string) => {
    const waiter = lines.get(name)?.shift();
    if (waiter) waiter.grant();
  };

  return {
    request<T>(name: string, options: LockRequestOptions, callback: (lock: { name: string } | null) => T | Promise<T>) {
      if (options.steal && options.ifAvailable)
        return Promise.reject(new DOMException('steal and ifAvailable together', 'NotSupportedError'));
      if (options.signal && (options.steal || options.ifAvailable)) {
        return Promise.reject(new DOMException('signal with steal or ifAvailable', 'NotSupportedError'));
      }
      if (options.signal?.aborted) return Promise.reject(abortError('The request was aborted.'));
      return new Promise<Awaited<T>>((resolve, reject) => {
        const grant = () => {
          let done = false;
          const holder: Holder = {
            stolen: (error) => {
              done = true;
              reject(error);
            },
          };
          held.set(name, holder);
          Promise.resolve()
            .then(() => callback({ name }))
            .then(
              (value) => !done && resolve(value as Awaited<T>),
              (error) => !done && reject(error),
            )
            .finally(() => {
              if (held.get(name) !== holder) return;
              held.delete(name);
              next(name);
            });
        };
        const busy = held.has(name) || (lines.get(name)?.length ?? 0) > 0;
        if (options.steal) {
          const previous = held.get(name);
          held.delete(name);
          previous?.stolen(abortError('Lock broken by another request with the steal option.'));
          grant();
        } else if (!busy) {
          grant();
        } else if (options.ifAvailable) {
          Promise.resolve()
            .then(() => callback(null))
            .then((value) => resolve(value as Awaited<T>), reject);
        } else {
          const waiter: Waiter = { grant, reject };
          const line = lines.get(name) ?? [];
          line.push(waiter);
          lines.set(name, line);
          options.signal?.addEventListener('abort', () => {
            const at = line.indexOf(waiter);
            if (at < 0) return;
            line.splice(at, 1);
            reject(abortError('The request was aborted.'));
          });
        }
      });
    },
  };
}
