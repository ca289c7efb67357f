import { withBackground, type CounterChange } from './background';
import { ELAPSED_SECONDS, HOST_DROPPED, HOST_REBOOTED } from './counterDeltas';

/** The server counters the decision table reads (docs/method.md §3.3), each against background. */
export interface ServerSignature {
  /** Any TCP counter was read in both snapshots: without them nothing below is known. */
  hasTcp: boolean;
  /** An idle control pair was given. */
  hasControl: boolean;
  rebooted: boolean;
  passiveOpens: CounterChange | null;
  /** Ip.InReceives − Ip.InDelivers: dropped on the host before TCP (its own netfilter, §3.4 row 11). */
  hostDropped: CounterChange | null;
  listenOverflows: CounterChange | null;
  listenDrops: CounterChange | null;
  reqQFullDrop: CounterChange | null;
  /** TCPReqQFullDoCookies + SyncookiesSent (§3.4 row 7). */
  cookies: CounterChange | null;
  /** TcpExt.TCPSynRetrans, or Tcp.RetransSegs where the kernel lacks it (2.6.32, §3.3). */
  synRetrans: CounterChange | null;
  outRsts: CounterChange | null;
  conntrackDrop: CounterChange | null;
  /** TCPAbortOnMemory + TCPMemoryPressures (§3.4 row 12). */
  memoryPressure: CounterChange | null;
  /** Σ over containers of the numtcpsock failcnt delta; null when beancounters were not read. */
  numtcpsock: CounterChange | null;
  /** Σ of tcpsndbuf, tcprcvbuf and othersockbuf failcnt deltas (§3.4 row 10); null when not read. */
  sockbuf: CounterChange | null;
}

/** Reads burst deltas (S1 − S0) against an idle control pair of the same length. */
export function readServer(deltas: Record<string, number>, idle?: Record<string, number>): ServerSignature {
  const burstNames = Object.keys(deltas);
  const at = withBackground(deltas, idle);
  // Several kernel counters answer one question: sum them in both pairs, then compare the sums.
  const sum = (label: string, names: string[]): CounterChange | null => {
    const present = names.filter((n) => Object.hasOwn(deltas, n));
    if (present.length === 0) return null;
    const total = (record: Record<string, number>) =>
      present.reduce((acc, n) => acc + (Object.hasOwn(record, n) ? record[n] : 0), 0);
    const idleKnows = idle !== undefined && present.some((n) => Object.hasOwn(idle, n));
    return withBackground(
      { ...pick(deltas, ELAPSED_SECONDS), [label]: total(deltas) },
      idleKnows ? { ...pick(idle, ELAPSED_SECONDS), [label]: total(idle) } : undefined,
    )(label);
  };
  const ubc = (resources: string[]) =>
    burstNames.filter((n) => resources.some((r) => n.startsWith('ubc.') && n.endsWith(`.${r}.failcnt`)));
  return {
    hasTcp: Object.hasOwn(deltas, 'Tcp.PassiveOpens'),
    hasControl: idle !== undefined && Object.keys(idle).length > 0,
    rebooted: Object.hasOwn(deltas, HOST_REBOOTED),
    passiveOpens: at('Tcp.PassiveOpens'),
    hostDropped: at(HOST_DROPPED),
    listenOverflows: at('TcpExt.ListenOverflows'),
    listenDrops: at('TcpExt.ListenDrops'),
    reqQFullDrop: at('TcpExt.TCPReqQFullDrop'),
    cookies: sum('TcpExt.TCPReqQFullDoCookies+SyncookiesSent', [
      'TcpExt.TCPReqQFullDoCookies',
      'TcpExt.SyncookiesSent',
    ]),
    synRetrans: at('TcpExt.TCPSynRetrans') ?? at('Tcp.RetransSegs'),
    outRsts: at('Tcp.OutRsts'),
    conntrackDrop: sum('conntrack.drop+insert_failed', ['conntrack.drop', 'conntrack.insert_failed']),
    memoryPressure: sum('TcpExt.TCPAbortOnMemory+TCPMemoryPressures', [
      'TcpExt.TCPAbortOnMemory',
      'TcpExt.TCPMemoryPressures',
    ]),
    numtcpsock: sum('ubc.numtcpsock.failcnt', ubc(['numtcpsock'])),
    sockbuf: sum('ubc.tcpsndbuf+tcprcvbuf+othersockbuf.failcnt', ubc(['tcpsndbuf', 'tcprcvbuf', 'othersockbuf'])),
  };
}

const pick = (record: Record<string, number>, name: string): Record<string, number> =>
  Object.hasOwn(record, name) ? { [name]: record[name] } : {};

/** True when the change is known and above background. */
export const above = (c: CounterChange | null): c is CounterChange => c !== null && c.aboveBackground;

/** The excess, 0 when unknown. */
export const excessOf = (c: CounterChange | null): number => (c === null ? 0 : c.excess);
