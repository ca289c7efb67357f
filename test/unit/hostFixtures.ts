/** Sample views for the tree, status bar and alert tests, built from the seed's beancounters. */
import { readFileSync } from 'node:fs';
import {
  assessContainer,
  diffBeancounters,
  parseBeancounters,
  type BeancounterTable,
} from '../../src/core/beancounters';
import type { BeancountersReading } from '../../src/core/remote/readBeancounters';
import type { HostSnapshot, Reading } from '../../src/core/remote/snapshot';
import type { SampleView } from '../../src/host/sessions/sessionTypes';

export const SEED = readFileSync(new URL('../fixtures/seed_user_beancounters.txt', import.meta.url), 'utf8');

export function table(text: string): BeancounterTable {
  const r = parseBeancounters(text, 'test');
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** The seed with one resource's failcnt replaced (matched by name on its row). */
export function withFailcnt(text: string, resource: string, failcnt: number): string {
  return text.replace(new RegExp(`^(\\s*(?:\\S+:)?\\s*${resource}(?:\\s+\\d+){4}\\s+)\\d+`, 'm'), `$1${failcnt}`);
}

const missing = { state: 'missing' } as const;

/** A snapshot where everything but what is given is missing (a host with nothing readable). */
export function snapshot(beancounters: BeancountersReading, extra: Partial<HostSnapshot> = {}): HostSnapshot {
  const m = <T>(): Reading<T> => missing;
  return {
    uptimeSeconds: { state: 'ok', value: 1000 },
    beancounters,
    counters: { snmp: m(), netstat: m() },
    sockstat: m(),
    sysctls: {
      tcpMem: m(),
      tcpWmem: m(),
      tcpRmem: m(),
      wmemMax: m(),
      rmemMax: m(),
      somaxconn: m(),
      tcpMaxSynBacklog: m(),
      tcpSyncookies: m(),
      tcpSynRetries: m(),
      tcpSynackRetries: m(),
      tcpAbortOnOverflow: m(),
      fileNr: m(),
    },
    conntrack: { count: m(), max: m(), stat: m() },
    cgroup: {
      path: null,
      memoryEvents: m(),
      memoryStat: m(),
      memoryCurrent: m(),
      memoryMax: m(),
      pidsCurrent: m(),
      pidsMax: m(),
      pidsEvents: m(),
    },
    needsRoot: [],
    missing: [],
    errors: [],
    ...extra,
  };
}

/**
 * A view of `cur` as the session would publish it: deltas against `prev` taken `stepMs` earlier, and
 * growth since `base` taken at `baselineAtMs`.
 */
export function viewOf(
  cur: string,
  opts: {
    prev?: string;
    base?: string;
    takenAtMs?: number;
    stepMs?: number;
    baselineAtMs?: number;
    stale?: boolean;
  } = {},
): SampleView {
  const now = table(cur);
  const takenAtMs = opts.takenAtMs ?? 1_000_000;
  const stepMs = opts.stepMs ?? 10_000;
  const deltas = opts.prev === undefined ? [] : diffBeancounters(table(opts.prev), now, stepMs / 1000);
  const baselineAtMs = opts.baselineAtMs ?? takenAtMs;
  const sinceBaseline =
    opts.base === undefined ? [] : diffBeancounters(table(opts.base), now, (takenAtMs - baselineAtMs) / 1000);
  return {
    snapshot: snapshot({ state: 'ok', via: 'direct', table: now }),
    takenAtMs,
    deltas,
    sinceBaseline,
    baselineAtMs,
    assessments: now.containers.flatMap((c) => assessContainer(c, opts.prev === undefined ? undefined : deltas)),
    stale: opts.stale ?? false,
  };
}
