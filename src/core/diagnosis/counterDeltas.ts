import { diffBeancounters } from '../beancounters/delta';
import type { CounterTable } from '../kernel/counterTable';
import type { HostSnapshot, Reading } from '../remote/snapshot';

/** The parts of a snapshot the deltas read; a whole `HostSnapshot` fits. */
export type CounterSnapshot = Pick<HostSnapshot, 'uptimeSeconds' | 'beancounters' | 'counters' | 'conntrack'>;

/** Elapsed time between the two snapshots, in seconds (from /proc/uptime). */
export const ELAPSED_SECONDS = 'uptime.seconds';
/** Present (value 1) when /proc/uptime went down: the server rebooted, every counter restarted from 0. */
export const HOST_REBOOTED = 'host.rebooted';
/**
 * Δ Ip.InReceives − Δ Ip.InDelivers: IPv4 packets that reached this host (namespace) but never got to
 * TCP/UDP/ICMP. Netfilter INPUT drops land here, and so do forwarded packets and header/address errors,
 * which is why diagnose compares it with an idle control (docs/method.md §3.5: 58 packets for a
 * host-side SYN limit, 0 for an upstream one).
 */
export const HOST_DROPPED = 'Ip.InReceives-InDelivers';

/** Snmp values that are settings or gauges, not counters: a "delta" of them means nothing. */
const NOT_COUNTERS = new Set([
  'Ip.Forwarding',
  'Ip.DefaultTTL',
  'Tcp.RtoAlgorithm',
  'Tcp.RtoMin',
  'Tcp.RtoMax',
  'Tcp.MaxConn',
  'Tcp.CurrEstab',
]);

/** Counters are unsigned longs; on 32-bit kernels they wrap at 2^32 (docs/method.md §6.3). */
const WRAP = 2 ** 32;
/** A decrease from above this, with the uptime continuing, is read as a 32-bit wrap rather than a reset. */
const NEAR_WRAP = WRAP - 2 ** 30;

export interface CounterDeltasDetailed {
  /**
   * Name -> growth between the snapshots (counts; `uptime.seconds` in seconds). A name is present only
   * when both snapshots had it, so a missing name means "not known", never "did not grow".
   */
  deltas: Record<string, number>;
  /** Names whose value went down without a 32-bit wrap: counted as restarted from 0, delta = new value. */
  resets: string[];
}

/**
 * Deltas of every cumulative counter between two snapshots of the same host, keyed
 * `Prefix.Name` for /proc/net/snmp and /proc/net/netstat (`Ip.InReceives`, `TcpExt.ListenOverflows`),
 * `conntrack.<column>` for /proc/net/stat/nf_conntrack (summed over CPUs, without the `entries` gauge),
 * `ubc.<id>.<resource>.failcnt` for beancounters, plus `uptime.seconds`, `Ip.InReceives-InDelivers` and,
 * after a reboot, `host.rebooted`. Never negative except the derived `Ip.InReceives-InDelivers`.
 */
export function counterDeltas(before: CounterSnapshot, after: CounterSnapshot): Record<string, number> {
  return counterDeltasDetailed(before, after).deltas;
}

/** {@link counterDeltas} plus which counters restarted. */
export function counterDeltasDetailed(before: CounterSnapshot, after: CounterSnapshot): CounterDeltasDetailed {
  const deltas: Record<string, number> = {};
  const resets: string[] = [];
  const up0 = value(before.uptimeSeconds);
  const up1 = value(after.uptimeSeconds);
  const rebooted = up0 !== undefined && up1 !== undefined && up1 < up0;
  const continuous = up0 !== undefined && up1 !== undefined && !rebooted;
  if (continuous) deltas[ELAPSED_SECONDS] = round(up1 - up0);
  if (rebooted) deltas[HOST_REBOOTED] = 1;

  const put = (name: string, old: number, cur: number): void => {
    if (cur >= old && !rebooted) {
      deltas[name] = cur - old;
    } else if (continuous && old >= NEAR_WRAP && old < WRAP && cur < old) {
      deltas[name] = WRAP - old + cur;
    } else {
      deltas[name] = cur;
      if (cur < old || rebooted) resets.push(name);
    }
  };

  for (const key of ['snmp', 'netstat'] as const) {
    const t0 = value(before.counters[key]);
    const t1 = value(after.counters[key]);
    if (t0 !== undefined && t1 !== undefined) zipTables(t0, t1, put);
  }
  const c0 = value(before.conntrack.stat);
  const c1 = value(after.conntrack.stat);
  if (c0 !== undefined && c1 !== undefined) {
    for (const [column, cur] of Object.entries(c1)) {
      const old = own(c0, column);
      if (column !== 'entries' && old !== undefined) put(`conntrack.${column}`, old, cur);
    }
  }
  if (before.beancounters.state === 'ok' && after.beancounters.state === 'ok') {
    // diffBeancounters knows how a container restart shows (failcnt or maxheld down) and resets every row.
    for (const d of diffBeancounters(
      before.beancounters.table,
      after.beancounters.table,
      deltas[ELAPSED_SECONDS] ?? 0,
    )) {
      const name = `ubc.${d.containerId}.${d.name}.failcnt`;
      deltas[name] = d.failcntDelta;
      if (d.reset) resets.push(name);
    }
  }
  const received = deltas['Ip.InReceives'];
  const delivered = deltas['Ip.InDelivers'];
  if (received !== undefined && delivered !== undefined) deltas[HOST_DROPPED] = received - delivered;
  return { deltas, resets };
}

function zipTables(t0: CounterTable, t1: CounterTable, put: (name: string, old: number, cur: number) => void): void {
  for (const [prefix, counters] of Object.entries(t1)) {
    const old = own(t0, prefix);
    if (old === undefined) continue;
    for (const [name, cur] of Object.entries(counters)) {
      const full = `${prefix}.${name}`;
      const prev = own(old, name);
      if (prev !== undefined && !NOT_COUNTERS.has(full)) put(full, prev, cur);
    }
  }
}

/** Own properties only: a counter named like an Object.prototype member must not read the prototype's. */
const own = <T>(record: Record<string, T>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

const value = <T>(r: Reading<T>): T | undefined => (r.state === 'ok' ? r.value : undefined);

/** /proc/uptime has 10 ms resolution; keep the subtraction from printing 12.000000000001. */
const round = (seconds: number): number => Math.round(seconds * 100) / 100;
