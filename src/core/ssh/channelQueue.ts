/**
 * Limits the number of SSH channels open at once on one connection. sshd refuses channels
 * beyond `MaxSessions` (default 10) with "Channel open failure", and other clients may share the
 * budget, so we keep a few and queue the rest in arrival order (docs/security.md §4.2).
 */

/** Gives a slot back. Calling it more than once is harmless. */
export type ReleaseSlot = () => void;

interface Waiter {
  grant: (release: ReleaseSlot) => void;
  fail: (err: unknown) => void;
}

export class ChannelQueue {
  private active = 0;
  private readonly waiters: Waiter[] = [];

  /** @param limit most slots held at once (at least 1) */
  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`channel limit must be a positive integer, got ${limit}`);
  }

  /** Slots held now. */
  get running(): number {
    return this.active;
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * Resolves with a release function once a slot is free. If `signal` aborts first, the request
   * leaves the queue and the promise rejects with `abortError()`'s result.
   */
  acquire(signal: AbortSignal | undefined, abortError: () => unknown): Promise<ReleaseSlot> {
    if (signal?.aborted) return Promise.reject(abortError());
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(abortError());
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        fail: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Rejects every waiting request (the connection is going away); held slots stay held. */
  rejectWaiting(err: unknown): void {
    for (const w of this.waiters.splice(0)) w.fail(err);
  }

  private releaser(): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      // Hand the slot straight to the next waiter so a late arrival cannot jump the queue.
      if (next) next.grant(this.releaser());
      else this.active--;
    };
  }
}
