import { readFileSync } from 'node:fs';
import { english } from '../../shared/l10n/localizer';
import {
  BSD_DEFAULT,
  KERNEL_UNKNOWN,
  LINUX_EXPONENTIAL,
  LINUX_LEGACY,
  LINUX_LINEAR,
  LINUX_LINEAR_ASSUMED,
  RETRIES_UNREADABLE,
  WINDOWS_DEFAULT,
} from './synScheduleSource';

/**
 * Cumulative times (ms) at which the client's k-th SYN retransmission is sent (k = 1..), measured from the
 * connect() call (docs/method.md §3.1). A connect that took `pointsMs[k-1]` plus one RTT lost its
 * first k SYN (or SYN-ACK) exchanges.
 */
export interface SynSchedule {
  os: 'linux-linear' | 'linux-exponential' | 'linux-legacy' | 'macos' | 'windows';
  /** First retransmission timeout, ms (1000 on current systems, 3000 on Windows and Linux < 3.1). */
  initialRtoMs: number;
  /** Cumulative send times of retransmissions 1, 2, …, ms, strictly increasing. */
  pointsMs: number[];
  /** When connect() gives up with ETIMEDOUT, ms after the call. */
  giveUpMs: number;
  /** Where the schedule came from, in words (sysctls read, or which documented default was assumed). */
  source: string;
}

/** Reads one sysctl by its dotted name (`net.ipv4.tcp_syn_retries`); undefined when absent or unreadable. */
export type SysctlReader = (name: string) => string | undefined;

/** Linux's ceiling on any retransmission timeout (TCP_RTO_MAX, 120 s). */
const RTO_MAX_MS = 120_000;
/** Defaults from ip-sysctl: tcp_syn_retries = 6 (5 before 3.7 with the 3 s RTO), tcp_syn_linear_timeouts = 4. */
const DEFAULT_SYN_RETRIES = 6;
const LEGACY_SYN_RETRIES = 5;
const DEFAULT_LINEAR_TIMEOUTS = 4;
/** tcp_syn_retries is capped at 127 by the kernel (MAX_TCP_SYNCNT). */
const MAX_SYN_RETRIES = 127;

/** Reads `/proc/sys/<name with dots as slashes>`. */
export const procSysctlReader: SysctlReader = (name) => {
  try {
    return readFileSync(`/proc/sys/${name.replaceAll('.', '/')}`, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * The SYN retransmission schedule of the machine running the probe (docs/method.md §3.1).
 * On Linux it reads `net.ipv4.tcp_syn_linear_timeouts` (present from 6.5: that many 1 s steps before the
 * doubling), `net.ipv4.tcp_syn_retries` and `kernel.osrelease` through `readSysctl`; when they cannot be
 * read it falls back on the kernel version, then on the pre-6.5 exponential schedule, and says so in
 * `source`. macOS (and the BSDs, which share its backoff table) and Windows use documented defaults.
 */
export function clientSynSchedule(opts: { platform?: NodeJS.Platform; readSysctl?: SysctlReader } = {}): SynSchedule {
  const platform = opts.platform ?? process.platform;
  if (platform === 'win32') {
    // §3.1: TcpInitialRTT 3 s, TcpMaxConnectRetransmissions 2. Windows 8+ makes both per-template settings,
    // so this is only the classic default (read Get-NetTCPSetting when it matters).
    return {
      os: 'windows',
      initialRtoMs: 3000,
      pointsMs: [3000, 9000],
      giveUpMs: 21_000,
      source: WINDOWS_DEFAULT,
    };
  }
  if (platform === 'darwin' || platform === 'freebsd' || platform === 'openbsd') {
    // §3.1: the BSD SYN backoff table 1,1,1,1,1,2,4,8,… s; connect gives up at 75 s (tcp_keepinit), so
    // the last retransmission is the one at 67 s.
    return {
      os: 'macos',
      initialRtoMs: 1000,
      pointsMs: backoff(1000, 4, 10).pointsMs,
      giveUpMs: 75_000,
      source: english.t(BSD_DEFAULT, platform),
    };
  }
  return linuxSchedule(opts.readSysctl ?? procSysctlReader);
}

function linuxSchedule(read: SysctlReader): SynSchedule {
  const linear = readCount(read, 'net.ipv4.tcp_syn_linear_timeouts');
  const retries = readCount(read, 'net.ipv4.tcp_syn_retries');
  const release = kernelVersion(read('kernel.osrelease'));
  const n = Math.min(retries ?? DEFAULT_SYN_RETRIES, MAX_SYN_RETRIES);
  const retriesText =
    retries === undefined ? english.t(RETRIES_UNREADABLE, DEFAULT_SYN_RETRIES) : `tcp_syn_retries = ${retries}`;
  if (linear !== undefined) {
    // Linux >= 6.5: the kernel allows linear + retries retransmissions in SYN-SENT (tcp_write_timeout).
    const source = english.t(LINUX_LINEAR, linear, retriesText);
    return linux(linear > 0 ? 'linux-linear' : 'linux-exponential', 1000, linear, n + linear, source);
  }
  if (release !== undefined && release < 301) {
    // §3.1: before 3.1 the initial RTO was 3 s (RFC 2988) and tcp_syn_retries defaulted to 5.
    const count = Math.min(retries ?? LEGACY_SYN_RETRIES, MAX_SYN_RETRIES);
    return linux('linux-legacy', 3000, 0, count, english.t(LINUX_LEGACY, count));
  }
  if (release !== undefined && release >= 605) {
    const source = english.t(LINUX_LINEAR_ASSUMED, DEFAULT_LINEAR_TIMEOUTS, retriesText);
    return linux('linux-linear', 1000, DEFAULT_LINEAR_TIMEOUTS, n + DEFAULT_LINEAR_TIMEOUTS, source);
  }
  const why = release === undefined ? KERNEL_UNKNOWN : 'Linux 3.1 - 6.4';
  return linux('linux-exponential', 1000, 0, n, english.t(LINUX_EXPONENTIAL, why, retriesText));
}

/**
 * Cumulative retransmission times: the timer starts at `initialMs`, stays there for `linearSteps` more
 * timeouts, then doubles (capped at TCP_RTO_MAX). `count` points; `giveUpMs` is when the timer after the
 * last one fires, which is when Linux's connect() fails (tcp_write_timeout).
 */
function backoff(initialMs: number, linearSteps: number, count: number): { pointsMs: number[]; giveUpMs: number } {
  const pointsMs: number[] = [];
  let rto = initialMs;
  let t = 0;
  for (let i = 0; i < count; i++) {
    t += rto;
    pointsMs.push(t);
    if (i >= linearSteps) rto = Math.min(rto * 2, RTO_MAX_MS);
  }
  return { pointsMs, giveUpMs: t + rto };
}

function linux(
  os: SynSchedule['os'],
  initialRtoMs: number,
  linearSteps: number,
  count: number,
  source: string,
): SynSchedule {
  return { os, initialRtoMs, ...backoff(initialRtoMs, linearSteps, count), source };
}

function readCount(read: SysctlReader, name: string): number | undefined {
  const text = read(name)?.trim();
  if (text === undefined || !/^\d{1,6}$/.test(text)) return undefined;
  return Number(text);
}

/** `6.18.44-fc` → 618; `2.6.32-042stab141` → 206; undefined when unreadable. Minor capped at 99. */
function kernelVersion(osrelease: string | undefined): number | undefined {
  const m = /^\s*(\d{1,3})\.(\d{1,3})/.exec(osrelease ?? '');
  if (!m) return undefined;
  return Number(m[1]) * 100 + Math.min(99, Number(m[2]));
}

/**
 * What one connect time says. `retransmissions` is k, the number of lost SYN (or SYN-ACK) exchanges:
 * 0 for 'fast', k >= 1 for 'retransmit', null for 'latency' (a delay that matches no retransmission, so it
 * is server or application latency, not loss) and for 'failed' (no connection).
 */
export interface ConnectClass {
  retransmissions: number | null;
  kind: 'fast' | 'retransmit' | 'latency' | 'failed';
}

/** Fixed part of the tolerance around a schedule point; the RTT is added to it (§3.2 step 4). */
const MATCH_SLACK_MS = 150;
/**
 * Retransmission timers run late by about 2 % (measured, docs/method.md §3.1: 1.02, 2.04, … 7.13, 11.16 s on Linux 6.18), which
 * puts the 11 s point 160 ms off; the tolerance grows by this fraction of the point so late points still match.
 */
const TIMER_DRIFT = 0.02;

/**
 * Classifies one connect (docs/method.md §3.2 step 4): excess = connect − baseline RTT; k = 0 when
 * the excess is under half the initial RTO; otherwise the nearest schedule point within ±(150 ms + RTT), widened
 * by 2 % of the point for timer drift.
 *
 * @param connectMs connect() call to 'connect' event, ms; null when the attempt failed
 * @param baselineRttMs the path's RTT without loss, ms (negative or non-finite is taken as 0)
 */
export function classifyConnect(connectMs: number | null, baselineRttMs: number, schedule: SynSchedule): ConnectClass {
  if (connectMs === null || !Number.isFinite(connectMs)) return { retransmissions: null, kind: 'failed' };
  const rtt = Number.isFinite(baselineRttMs) && baselineRttMs > 0 ? baselineRttMs : 0;
  const excess = connectMs - rtt;
  if (excess < 0.5 * schedule.initialRtoMs) return { retransmissions: 0, kind: 'fast' };
  let best = -1;
  let bestDistance = Infinity;
  schedule.pointsMs.forEach((point, i) => {
    const distance = Math.abs(excess - point);
    if (distance <= MATCH_SLACK_MS + rtt + TIMER_DRIFT * point && distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  });
  return best < 0 ? { retransmissions: null, kind: 'latency' } : { retransmissions: best + 1, kind: 'retransmit' };
}
