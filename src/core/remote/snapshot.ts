import { parseConntrackStat } from '../kernel/conntrack';
import { parseLimitValue } from '../kernel/cgroup';
import { parseCounterTable, type CounterTable } from '../kernel/counterTable';
import { parseKeyValue } from '../kernel/keyValue';
import { parseSockstat, type Sockstat } from '../kernel/sockstat';
import { parseSysctlInts } from '../kernel/sysctl';
import type { ParseError, Result } from '../result';
import { type CgroupFile, type SampleFile } from './catalog';
import { detectVirtualization, type Virtualization } from './detectVirtualization';
import type { HostFacts } from './hostFacts';
import { cgroupFilePath, sampleFilePath, type RawSample } from './parseSample';
import { parseUptime } from './parseUptime';
import { readBeancounters, type BeancountersReading } from './readBeancounters';

/** One file, read and parsed. A parse failure or an odd read error is kept here, per file. */
export type Reading<T> =
  { state: 'ok'; value: T } | { state: 'missing' } | { state: 'needsRoot' } | { state: 'error'; error: ParseError };

/** Three integers, e.g. `tcp_wmem` min/default/max. */
export type Triple = [number, number, number];

export interface Sysctls {
  /** `net.ipv4.tcp_mem` low/pressure/high, in **pages**, host-wide (docs/method.md §2.5). */
  tcpMem: Reading<Triple>;
  /** `net.ipv4.tcp_wmem` min/default/max, bytes. */
  tcpWmem: Reading<Triple>;
  /** `net.ipv4.tcp_rmem` min/default/max, bytes. */
  tcpRmem: Reading<Triple>;
  /** `net.core.wmem_max`, bytes. */
  wmemMax: Reading<number>;
  /** `net.core.rmem_max`, bytes. */
  rmemMax: Reading<number>;
  /** `net.core.somaxconn`, connections. */
  somaxconn: Reading<number>;
  /** `net.ipv4.tcp_max_syn_backlog`, connections. */
  tcpMaxSynBacklog: Reading<number>;
  /** `net.ipv4.tcp_syncookies`: 0 off, 1 on overflow, 2 always. */
  tcpSyncookies: Reading<number>;
  /** `net.ipv4.tcp_syn_retries`, count. */
  tcpSynRetries: Reading<number>;
  /** `net.ipv4.tcp_synack_retries`, count. */
  tcpSynackRetries: Reading<number>;
  /** `net.ipv4.tcp_abort_on_overflow`: 1 = reset instead of dropping on a full accept queue. */
  tcpAbortOnOverflow: Reading<number>;
  /**
   * `fs.file-nr` allocated/unused/max file handles, host-wide counts (docs/method.md §5.1). `max` is
   * null when the kernel prints LONG_MAX (unlimited, as systemd hosts set it).
   */
  fileNr: Reading<[number, number, number | null]>;
}

export interface Conntrack {
  /** `nf_conntrack_count`, entries in this namespace. */
  count: Reading<number>;
  /** `nf_conntrack_max`, entries. */
  max: Reading<number>;
  /** `/proc/net/stat/nf_conntrack` summed over CPUs; counts. */
  stat: Reading<Record<string, number>>;
}

/** cgroup v2 files of the login shell's own cgroup (docs/method.md §5.1). */
export interface CgroupReadings {
  /** The `0::` path, or null without cgroup v2 (then every file below is `missing`). */
  path: string | null;
  memoryEvents: Reading<Record<string, number>>;
  /** Mostly bytes; the event counters (`pgfault`, `pgscan`...) are counts (kernel cgroup-v2 docs). */
  memoryStat: Reading<Record<string, number>>;
  /** Bytes. */
  memoryCurrent: Reading<number>;
  /** Bytes; null = `max` (unlimited). */
  memoryMax: Reading<number | null>;
  /** Processes + threads. */
  pidsCurrent: Reading<number>;
  /** null = `max` (unlimited). */
  pidsMax: Reading<number | null>;
  pidsEvents: Reading<Record<string, number>>;
}

/** Everything one `sample` says about a host. Counters are cumulative: compare two snapshots for rates. */
export interface HostSnapshot {
  /** Seconds since boot: the clock for rates; a decrease between snapshots means a reboot. */
  uptimeSeconds: Reading<number>;
  beancounters: BeancountersReading;
  /** `/proc/net/snmp` and `/proc/net/netstat`: prefix -> counter -> value (per network namespace). */
  counters: { snmp: Reading<CounterTable>; netstat: Reading<CounterTable> };
  sockstat: Reading<Sockstat>;
  sysctls: Sysctls;
  conntrack: Conntrack;
  cgroup: CgroupReadings;
  /** Paths that need root and were not obtained another way. */
  needsRoot: string[];
  /** Paths absent on this host (normal: e.g. no conntrack module, not OpenVZ). */
  missing: string[];
  /** Every per-file read or parse error, for a log or a report. */
  errors: ParseError[];
  /** Present when built with the host's facts. */
  facts?: HostFacts;
  virtualization?: Virtualization;
}

type Parser<T> = (text: string, source: string) => Result<T>;

const ints =
  (count: number): Parser<number[]> =>
  (text, source) =>
    parseSysctlInts(text, source, count);
const triple: Parser<Triple> = (text, source) => {
  const r = ints(3)(text, source);
  return r.ok ? { ok: true, value: [r.value[0]!, r.value[1]!, r.value[2]!] } : r;
};
/** LONG_MAX, what `fs.file-nr`'s max column shows when `fs.file-max` is unlimited (64-bit kernels). */
const LONG_MAX_TEXT = '9223372036854775807';
const fileNr: Parser<[number, number, number | null]> = (text, source) => {
  const words = text.trim().split(/\s+/);
  const unlimited = words.length === 3 && words[2] === LONG_MAX_TEXT;
  const r = ints(unlimited ? 2 : 3)(unlimited ? words.slice(0, 2).join(' ') : text, source);
  return r.ok ? { ok: true, value: [r.value[0]!, r.value[1]!, unlimited ? null : r.value[2]!] } : r;
};
const single: Parser<number> = (text, source) => {
  const r = ints(1)(text, source);
  return r.ok ? { ok: true, value: r.value[0]! } : r;
};

/** Assembles a typed snapshot from a parsed sample. Pure; one bad file never loses the others. */
export function buildSnapshot(raw: RawSample, facts?: HostFacts): HostSnapshot {
  const errors: ParseError[] = [];
  const read = <T>(path: string, parse: Parser<T>): Reading<T> => {
    const file = raw.files.get(path);
    if (file === undefined || file.state === 'missing') return { state: 'missing' };
    if (file.state === 'needsRoot') return { state: 'needsRoot' };
    const parsed: Result<T> =
      file.state === 'error'
        ? { ok: false, error: { kind: 'parse', source: path, line: 0, message: file.message } }
        : parse(file.text, path);
    if (parsed.ok) return { state: 'ok', value: parsed.value };
    errors.push(parsed.error);
    return { state: 'error', error: parsed.error };
  };
  const proc = <T>(file: SampleFile, parse: Parser<T>): Reading<T> => read(sampleFilePath(file), parse);
  const cg = <T>(file: CgroupFile, parse: Parser<T>): Reading<T> =>
    raw.cgroupPath === null ? { state: 'missing' } : read(cgroupFilePath(raw.cgroupPath, file), parse);

  const beancounters = readBeancounters(raw);
  if (beancounters.state === 'error') errors.push(beancounters.error);
  const snapshot: HostSnapshot = {
    uptimeSeconds: proc('proc/uptime', parseUptime),
    beancounters,
    counters: { snmp: proc('proc/net/snmp', parseCounterTable), netstat: proc('proc/net/netstat', parseCounterTable) },
    sockstat: proc('proc/net/sockstat', parseSockstat),
    sysctls: {
      tcpMem: proc('proc/sys/net/ipv4/tcp_mem', triple),
      tcpWmem: proc('proc/sys/net/ipv4/tcp_wmem', triple),
      tcpRmem: proc('proc/sys/net/ipv4/tcp_rmem', triple),
      wmemMax: proc('proc/sys/net/core/wmem_max', single),
      rmemMax: proc('proc/sys/net/core/rmem_max', single),
      somaxconn: proc('proc/sys/net/core/somaxconn', single),
      tcpMaxSynBacklog: proc('proc/sys/net/ipv4/tcp_max_syn_backlog', single),
      tcpSyncookies: proc('proc/sys/net/ipv4/tcp_syncookies', single),
      tcpSynRetries: proc('proc/sys/net/ipv4/tcp_syn_retries', single),
      tcpSynackRetries: proc('proc/sys/net/ipv4/tcp_synack_retries', single),
      tcpAbortOnOverflow: proc('proc/sys/net/ipv4/tcp_abort_on_overflow', single),
      fileNr: proc('proc/sys/fs/file-nr', fileNr),
    },
    conntrack: {
      count: proc('proc/sys/net/netfilter/nf_conntrack_count', single),
      max: proc('proc/sys/net/netfilter/nf_conntrack_max', single),
      stat: proc('proc/net/stat/nf_conntrack', parseConntrackStat),
    },
    cgroup: {
      path: raw.cgroupPath,
      memoryEvents: cg('memory.events', parseKeyValue),
      memoryStat: cg('memory.stat', parseKeyValue),
      memoryCurrent: cg('memory.current', single),
      memoryMax: cg('memory.max', parseLimitValue),
      pidsCurrent: cg('pids.current', single),
      pidsMax: cg('pids.max', parseLimitValue),
      pidsEvents: cg('pids.events', parseKeyValue),
    },
    needsRoot: [],
    missing: [],
    errors,
  };
  for (const [path, file] of raw.files) {
    if (file.state === 'missing') snapshot.missing.push(path);
    // Beancounters obtained through sudo no longer count as needing root.
    if (
      file.state === 'needsRoot' &&
      !(path === sampleFilePath('proc/user_beancounters') && beancounters.state === 'ok')
    ) {
      snapshot.needsRoot.push(path);
    }
  }
  if (facts !== undefined) {
    snapshot.facts = facts;
    snapshot.virtualization = detectVirtualization(facts);
  }
  return snapshot;
}
