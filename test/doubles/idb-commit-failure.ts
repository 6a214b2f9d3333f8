/**
 * A full disk as browsers report it: every request of a write transaction succeeds, then the
 * transaction's commit fails, the transaction aborts with a QuotaExceededError and everything
 * it wrote is rolled back. (A request that throws on its own is a different, easier case.)
 *
 * Works on fake-indexeddb's transaction: when a read-write transaction has no request left and
 * would commit, it aborts instead with that error. Only while `fail` says so.
 */
import { IDBTransaction as FDBTransaction } from 'fake-indexeddb';

interface FakeTransaction {
  mode: IDBTransactionMode;
  objectStoreNames: DOMStringList;
  _state: string;
  _requests: unknown[];
  _abort(errName: string | null): void;
  _start(): void;
}

export interface CommitFailure {
  /** Transactions that failed at commit so far. */
  readonly failed: number;
  /** Stops failing commits and restores the transaction. */
  restore(): void;
}

/** Makes the commit of every read-write transaction fail with QuotaExceededError while `fail()` is true. */
export function failCommits(fail: () => boolean): CommitFailure {
  const proto = FDBTransaction.prototype as unknown as FakeTransaction;
  const start = proto._start;
  let failed = 0;
  proto._start = function (this: FakeTransaction) {
    // No request left: this call would commit. A full disk fails the commit instead.
    if (fail() && this.mode === 'readwrite' && this._state !== 'finished' && this._requests.length === 0) {
      failed++;
      this._abort('QuotaExceededError');
      return;
    }
    start.call(this);
  };
  return {
    get failed() {
      return failed;
    },
    restore: () => {
      proto._start = start;
    },
  };
}
