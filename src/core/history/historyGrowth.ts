import type { HistoryEntry } from './historyEntry';

/** failcnt growth of one resource over a time window, from stored samples. */
export interface HistoryGrowth {
  /** Refused charges counted between the first and the last sample in the window; never negative. */
  delta: number;
  /** Local wall-clock times (ms) of the first and the last sample used: the span actually covered. */
  fromMs: number;
  toMs: number;
  /** Restarts seen inside the window: the host rebooted (uptime went down) or the counter went down. */
  resets: number;
}

type Sample = Extract<HistoryEntry, { kind: 'sample' }>;

/**
 * failcnt growth of `key` (`<containerId>.<resource>`) over the last `windowMs` milliseconds before
 * the newest sample that has the key. Only samples inside the window are used, so the span never
 * claims more than was observed; `undefined` when fewer than two such samples exist.
 *
 * Reset-aware like the live deltas (docs/method.md §1.2, §6.3): after a reboot (uptime
 * decreased) or a container restart (failcnt decreased) the counter started again from 0, so the
 * step adds the new value rather than the difference. A restart after which failcnt already climbed
 * past its old value is indistinguishable from growth here, because only failcnt is stored.
 */
export function failcntGrowth(
  entries: readonly HistoryEntry[],
  key: string,
  windowMs: number,
): HistoryGrowth | undefined {
  if (!Number.isFinite(windowMs) || windowMs <= 0) return undefined;
  const samples = entries
    .filter((e): e is Sample => e.kind === 'sample' && Object.hasOwn(e.failcnt, key))
    .sort((a, b) => a.atMs - b.atMs);
  const last = samples.at(-1);
  if (last === undefined) return undefined;
  const inWindow = samples.filter((s) => s.atMs >= last.atMs - windowMs);
  if (inWindow.length < 2) return undefined;
  let delta = 0;
  let resets = 0;
  for (let i = 1; i < inWindow.length; i++) {
    const prev = inWindow[i - 1]!;
    const cur = inWindow[i]!;
    const before = prev.failcnt[key]!;
    const now = cur.failcnt[key]!;
    const restarted = cur.uptimeSeconds < prev.uptimeSeconds || now < before;
    if (restarted) resets++;
    delta += restarted ? now : now - before;
  }
  return { delta, fromMs: inWindow[0]!.atMs, toMs: last.atMs, resets };
}
