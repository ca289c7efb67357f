import { assessContainer, type ResourceAssessment } from '../beancounters/assess';
import { diffBeancounters, type ResourceDelta } from '../beancounters/delta';
import type { BeancounterTable, Container } from '../beancounters/types';
import { assessBufferRisk } from '../kernel/bufferRisk';
import type { BufferRisk } from '../kernel/bufferRiskTypes';
import { bufferRiskInput } from '../kernel/riskInput';
import { riskSysctlsOf } from '../remote/snapshotRisk';
import type { HostSnapshot, Sysctls } from '../remote/snapshot';
import type { SampleView } from './sessionTypes';
import { english, type Localizer } from '../../shared/l10n/localizer';

/** The last sample whose beancounters were readable: what the next one is compared with. */
interface Previous {
  table: BeancounterTable;
  /** /proc/uptime, seconds; undefined when it was unreadable. */
  uptimeSeconds: number | undefined;
  takenAtMs: number;
}

/** failcnt growth summed since the baseline, by `containerId\0name`. */
interface Baseline {
  atMs: number;
  growth: Map<string, ResourceDelta>;
  /** Seconds covered by the summed steps (remote uptime where readable). */
  elapsedSeconds: number;
}

const rowKey = (containerId: string, name: string): string => `${containerId}\u0000${name}`;

/**
 * Turns successive snapshots of one host into `SampleView`s: failcnt deltas against the previous
 * good sample and growth since a baseline, both reset-aware, plus assessments and the buffer risk.
 * Pure apart from its own memory; the session feeds it.
 */
export class SampleTracker {
  private previous: Previous | undefined;
  private baseline: Baseline | undefined;
  private baselinePending = true;

  /** The next sample starts a new baseline (used on connect). */
  baselineAtNextSample(): void {
    this.baselinePending = true;
  }

  /**
   * The latest good sample becomes the baseline now; returns the new baseline's (all-zero) growth,
   * or undefined when there is no sample yet (then the next one becomes the baseline).
   */
  baselineAtLatest(): { sinceBaseline: ResourceDelta[]; baselineAtMs: number } | undefined {
    const prev = this.previous;
    if (prev === undefined) {
      this.baselinePending = true;
      return undefined;
    }
    this.baseline = { atMs: prev.takenAtMs, growth: zeroGrowth(prev.table), elapsedSeconds: 0 };
    this.baselinePending = false;
    return { sinceBaseline: this.sinceBaseline(), baselineAtMs: prev.takenAtMs };
  }

  /** Interprets a sample received at `takenAtMs` (local wall clock, ms). */
  add(snapshot: HostSnapshot, takenAtMs: number): SampleView {
    const table = snapshot.beancounters.state === 'ok' ? snapshot.beancounters.table : undefined;
    const uptime = snapshot.uptimeSeconds.state === 'ok' ? snapshot.uptimeSeconds.value : undefined;
    const step =
      table !== undefined && this.previous !== undefined
        ? diffStep(this.previous, table, uptime, takenAtMs)
        : undefined;
    if (table !== undefined) this.previous = { table, uptimeSeconds: uptime, takenAtMs };

    if (this.baselinePending || this.baseline === undefined) {
      this.baseline = { atMs: takenAtMs, growth: table ? zeroGrowth(table) : new Map(), elapsedSeconds: 0 };
      this.baselinePending = false;
    } else if (step !== undefined) {
      accumulate(this.baseline, step.deltas, step.seconds);
    }
    const deltas = step?.deltas ?? [];
    const view: SampleView = {
      snapshot,
      takenAtMs,
      deltas,
      sinceBaseline: this.sinceBaseline(),
      baselineAtMs: this.baseline.atMs,
      assessments: table ? assess(table, step?.deltas) : [],
      stale: false,
    };
    const risk = bufferRisk(snapshot.sysctls, table, deltas);
    if (risk !== undefined) view.bufferRisk = risk;
    return view;
  }

  private sinceBaseline(): ResourceDelta[] {
    const b = this.baseline;
    if (b === undefined) return [];
    return [...b.growth.values()].map((g) => ({
      ...g,
      ratePerMinute: b.elapsedSeconds > 0 ? (g.failcntDelta * 60) / b.elapsedSeconds : null,
    }));
  }
}

/**
 * Deltas from `prev` to `table`. A reboot (uptime went down, docs/method.md §6.1) restarts
 * every beancounter, so the new values are compared with nothing: each row is `reset` and counts its
 * failcnt since boot, over the new uptime. Without uptime the local clock measures the step.
 */
function diffStep(
  prev: Previous,
  table: BeancounterTable,
  uptime: number | undefined,
  takenAtMs: number,
): { deltas: ResourceDelta[]; seconds: number } {
  const both = uptime !== undefined && prev.uptimeSeconds !== undefined;
  const rebooted = both && uptime < prev.uptimeSeconds!;
  const seconds = rebooted ? uptime! : both ? uptime! - prev.uptimeSeconds! : (takenAtMs - prev.takenAtMs) / 1000;
  const before = rebooted ? { ...prev.table, containers: [] } : prev.table;
  return { deltas: diffBeancounters(before, table, seconds), seconds };
}

function zeroGrowth(table: BeancounterTable): Map<string, ResourceDelta> {
  const growth = new Map<string, ResourceDelta>();
  for (const c of table.containers) {
    for (const r of c.resources)
      growth.set(rowKey(c.id, r.name), {
        containerId: c.id,
        name: r.name,
        failcntDelta: 0,
        reset: false,
        ratePerMinute: null,
      });
  }
  return growth;
}

/** Sums step deltas; a row first seen in a later sample (a container that started) joins with its own count. */
function accumulate(b: Baseline, deltas: readonly ResourceDelta[], seconds: number): void {
  for (const d of deltas) {
    const key = rowKey(d.containerId, d.name);
    const sum = b.growth.get(key);
    if (sum === undefined) b.growth.set(key, { ...d });
    else b.growth.set(key, { ...sum, failcntDelta: sum.failcntDelta + d.failcntDelta, reset: sum.reset || d.reset });
  }
  if (Number.isFinite(seconds) && seconds > 0) b.elapsedSeconds += seconds;
}

/** Every container's resources assessed with the step's deltas (none on a first sample), worded by `l`. */
export function assess(
  table: BeancounterTable,
  deltas: readonly ResourceDelta[] | undefined,
  l: Localizer = english,
): ResourceAssessment[] {
  return table.containers.flatMap((c) =>
    assessContainer(
      c,
      deltas?.filter((d) => d.containerId === c.id),
      l,
    ),
  );
}

/**
 * The buffer risk of the container we are in. On a host node (several containers) the sysctls read
 * are the node's own, not any container's, so the model then gets no beancounter rows.
 */
function bufferRisk(
  sysctls: Sysctls,
  table: BeancounterTable | undefined,
  deltas: readonly ResourceDelta[],
): BufferRisk | undefined {
  const container: Container | undefined = table?.containers.length === 1 ? table.containers[0] : undefined;
  const values = riskSysctlsOf(sysctls);
  if (container === undefined && Object.values(values).every((v) => v === undefined)) return undefined;
  const growth = new Map(deltas.filter((d) => d.containerId === container?.id).map((d) => [d.name, d.failcntDelta]));
  return assessBufferRisk(bufferRiskInput(values, container, growth));
}
