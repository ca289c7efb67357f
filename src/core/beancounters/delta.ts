import type { BeancounterTable, Container } from './types';

/** The change of one resource's failcnt between two samples of the same file. */
export interface ResourceDelta {
  containerId: string;
  name: string;
  /**
   * Refused charges between the two samples; never negative. After a restart (`reset`), the
   * failures counted since the restart, i.e. the current failcnt.
   */
  failcntDelta: number;
  /** The container restarted (or started) between the samples, so the old failcnt is no baseline. */
  reset: boolean;
  /** `failcntDelta` per minute; null when `elapsedSeconds` is not a positive number. */
  ratePerMinute: number | null;
}

/**
 * Reset-aware failcnt deltas from `prev` to `cur`, one per resource of `cur` that has a baseline,
 * in the order of `cur`. `elapsedSeconds` is the time between the two samples in seconds
 * (e.g. from /proc/uptime, docs/method.md §6.1).
 *
 * failcnt only resets when its beancounter is recreated (§1.2), so:
 * - a container that restarted between the samples ({@link containerRestarted}) gets
 *   `reset: true` on every row and `failcntDelta` = its current failcnt;
 * - a container absent from `prev` was not running then (a host node lists every running one,
 *   §1.1), so everything it counts happened since: also `reset: true` with the current failcnt;
 * - a resource absent from `prev` in a container present in both (the two samples came from
 *   different files, e.g. /proc/bc/resources adds swappages) has no baseline and is left out.
 *   A missing entry therefore means "not known", never "not growing".
 */
export function diffBeancounters(
  prev: BeancounterTable,
  cur: BeancounterTable,
  elapsedSeconds: number,
): ResourceDelta[] {
  const before = new Map(prev.containers.map((c) => [c.id, c]));
  const perMinute = (delta: number): number | null =>
    Number.isFinite(elapsedSeconds) && elapsedSeconds > 0 ? (delta * 60) / elapsedSeconds : null;
  const out: ResourceDelta[] = [];
  for (const container of cur.containers) {
    const old = before.get(container.id);
    const restarted = old === undefined || containerRestarted(old, container);
    const oldRows = new Map(old?.resources.map((r) => [r.name, r]));
    for (const row of container.resources) {
      const oldRow = oldRows.get(row.name);
      if (!restarted && oldRow === undefined) continue;
      const failcntDelta = restarted || oldRow === undefined ? row.failcnt : row.failcnt - oldRow.failcnt;
      out.push({
        containerId: container.id,
        name: row.name,
        failcntDelta,
        reset: restarted,
        ratePerMinute: perMinute(failcntDelta),
      });
    }
  }
  return out;
}

/**
 * True when `cur` is a new life of the beancounter `prev` described: some failcnt went down, or
 * some maxheld went down. Both are monotonic while the container runs (§1.2: maxheld is the peak
 * over the container's lifetime), so either drop means it was stopped and started again, even when
 * every failcnt has since climbed past its old value. Compares rows present in both only.
 * A 32-bit failcnt wrapping past 2^32 looks the same and is treated as a restart too (§6.3).
 */
export function containerRestarted(prev: Container, cur: Container): boolean {
  const old = new Map(prev.resources.map((r) => [r.name, r]));
  return cur.resources.some((r) => {
    const o = old.get(r.name);
    return o !== undefined && (r.failcnt < o.failcnt || r.maxheld < o.maxheld);
  });
}
