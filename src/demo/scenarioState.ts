import { NETSTAT_2632, SNMP_2632, type CounterSection } from './openvzCounters';
import { seedRows, type BeancounterRowState } from './seedContainer';

/**
 * The simulated OpenVZ host's numbers and how they move. Pure: time and randomness come in as
 * arguments, so a test can step it exactly. What moves, and why (docs/method.md):
 * - a backup (rsync over ssh) runs for `runSeconds` of every `periodSeconds`; while it runs one busy
 *   socket grows its send buffer to tcp_wmem[2] = 4 MiB, far past the tcpsndbuf barrier, so
 *   tcpsndbuf held sits at the barrier and failcnt climbs by hundreds to thousands a second (§1.5);
 * - tcprcvbuf and dgramrcvbuf fail now and then; a refused datagram also counts in Udp RcvbufErrors;
 * - connections the demo service accepts raise Tcp PassiveOpens and the segment counters exactly as an
 *   upstream SYN filter leaves them: the SYNs it dropped never reached this host, so ListenOverflows,
 *   ListenDrops, RetransSegs and InReceives − InDelivers do not move (§3.3, §3.4 row 2).
 */
export interface ScenarioState {
  /** Seconds since the container started (/proc/uptime, first field). */
  uptimeSeconds: number;
  /** Idle CPU-seconds over both CPUs (/proc/uptime, second field). */
  idleSeconds: number;
  /** Seconds since the scenario started: the backup schedule's clock. */
  elapsedSeconds: number;
  rows: BeancounterRowState[];
  /** prefix -> counter -> value, in the kernel's order. */
  snmp: Map<string, Map<string, number>>;
  netstat: Map<string, Map<string, number>>;
  /** Demo-service connections open now. */
  openConnections: number;
  /** nf_conntrack_count. */
  conntrackEntries: number;
}

export interface BackupSchedule {
  /** The backup starts every this many seconds, the first one at once. */
  periodSeconds: number;
  /** And runs this long. */
  runSeconds: number;
}

/** A backup for 45 s of every minute: most samples see failcnt grow, the pauses show it stop. */
export const DEFAULT_BACKUP: BackupSchedule = { periodSeconds: 60, runSeconds: 45 };

/** What the demo service tells the scenario. */
export type TrafficEvent = 'accepted' | 'request' | 'closed';

/** Uniform in [0, 1). */
export type Random = () => number;

/** Uptime at the start: about 23 days, so cumulative counters look lived-in. */
const START_UPTIME_SECONDS = 1_987_654.32;
const CPUS = 2;
const CONNTRACK_BASE = 38;

export function initialState(): ScenarioState {
  return {
    uptimeSeconds: START_UPTIME_SECONDS,
    idleSeconds: START_UPTIME_SECONDS * CPUS * 0.93,
    elapsedSeconds: 0,
    rows: seedRows(),
    snmp: tableOf(SNMP_2632),
    netstat: tableOf(NETSTAT_2632),
    openConnections: 0,
    conntrackEntries: CONNTRACK_BASE,
  };
}

function tableOf(sections: readonly CounterSection[]): Map<string, Map<string, number>> {
  return new Map(sections.map((s) => [s.prefix, new Map(s.names.map((n, i) => [n, s.values[i] ?? 0]))]));
}

export function backupRunning(state: ScenarioState, schedule: BackupSchedule): boolean {
  return state.elapsedSeconds % schedule.periodSeconds < schedule.runSeconds;
}

/** No backup ever runs: tcpsndbuf stays below its barrier (a healthy host of the demo fleet). */
export const NO_BACKUP: BackupSchedule = { periodSeconds: 60, runSeconds: 0 };

/**
 * Moves the simulation on by `dtSeconds` (> 0). `sporadic` adds the seed's occasional tcprcvbuf and
 * dgramrcvbuf refusals; a healthy host of the demo fleet has none, so no failcnt of it ever grows.
 */
export function advance(
  state: ScenarioState,
  dtSeconds: number,
  random: Random,
  schedule: BackupSchedule = DEFAULT_BACKUP,
  sporadic = true,
): void {
  if (!(dtSeconds > 0)) return;
  const backup = backupRunning(state, schedule);
  state.uptimeSeconds += dtSeconds;
  state.idleSeconds += dtSeconds * CPUS * (backup ? 0.7 : 0.96);
  state.elapsedSeconds += dtSeconds;
  const between = (lo: number, hi: number): number => lo + random() * (hi - lo);
  const row = rowFinder(state);
  const chance = (perSecond: number): boolean => random() < 1 - Math.exp(-perSecond * dtSeconds);

  const snd = row('tcpsndbuf');
  const rcv = row('tcprcvbuf');
  if (backup) {
    // §1.5: a writer above the barrier is refused page after page; failcnt counts refusals, not sockets.
    snd.failcnt += Math.max(1, Math.round(between(200, 2000) * dtSeconds));
    setHeld(snd, Math.round((snd.barrier ?? 0) * between(0.96, 1.04)));
    addSegments(state, Math.round(between(450, 750) * dtSeconds), Math.round(between(900, 1500) * dtSeconds));
  } else {
    setHeld(snd, Math.round(between(150_000, 200_000)));
    addSegments(state, Math.round(between(2, 8) * dtSeconds), Math.round(between(2, 8) * dtSeconds));
  }
  if (sporadic && chance(backup ? 0.05 : 0.01)) {
    rcv.failcnt += 1 + Math.floor(random() * 3);
    setHeld(rcv, Math.round((rcv.barrier ?? 0) * between(0.98, 1.02)));
  } else {
    setHeld(rcv, Math.round(between(100_000, 260_000)));
  }
  const dgram = row('dgramrcvbuf');
  const udp = state.snmp.get('Udp');
  if (sporadic && chance(0.02)) {
    dgram.failcnt += 1;
    setHeld(dgram, Math.round((dgram.barrier ?? 0) * between(0.97, 1)));
    if (udp !== undefined) {
      bump(udp, 'RcvbufErrors', 1);
      bump(udp, 'InErrors', 1);
    }
  } else {
    setHeld(dgram, Math.round(between(0, 8192)));
  }
  const dns = Math.round(between(0, 3) * dtSeconds);
  if (udp !== undefined) {
    bump(udp, 'InDatagrams', dns);
    bump(udp, 'OutDatagrams', dns);
  }
  addIp(state, dns, dns);

  setHeld(row('numtcpsock'), 21 + (backup ? 2 : 0) + state.openConnections + Math.floor(random() * 3));
  setHeld(row('othersockbuf'), Math.round(between(36_000, 46_000)));
  setHeld(row('kmemsize'), Math.round(56_793_972 * between(0.99, 1.01)));
  setHeld(row('physpages'), Math.round(214_818 * between(0.995, 1.005)));
  state.conntrackEntries = CONNTRACK_BASE + state.openConnections + Math.floor(random() * 6);
}

/** Counts one demo-service event on the server's counters: what the kernel would count for it. */
export function recordTraffic(state: ScenarioState, event: TrafficEvent): void {
  const tcp = state.snmp.get('Tcp');
  switch (event) {
    case 'accepted':
      // Handshake: SYN and ACK in, SYN-ACK out; the child socket is created (§3.3: PassiveOpens).
      if (tcp !== undefined) bump(tcp, 'PassiveOpens', 1);
      state.openConnections++;
      addSegments(state, 2, 1);
      break;
    case 'request':
      // The request and the ACK of the response in, the response out.
      addSegments(state, 2, 1);
      break;
    case 'closed':
      // FIN and ACK each way.
      state.openConnections = Math.max(0, state.openConnections - 1);
      addSegments(state, 2, 2);
      break;
  }
  if (tcp !== undefined) tcp.set('CurrEstab', state.openConnections);
}

/** TCP segments in and out, delivered in full: nothing is dropped on this host before TCP. */
function addSegments(state: ScenarioState, inSegs: number, outSegs: number): void {
  const tcp = state.snmp.get('Tcp');
  if (tcp !== undefined) {
    bump(tcp, 'InSegs', inSegs);
    bump(tcp, 'OutSegs', outSegs);
  }
  addIp(state, inSegs, outSegs);
}

/** InReceives and InDelivers move together: an upstream filter leaves no gap between them (§3.4 row 2 vs 11). */
function addIp(state: ScenarioState, inPackets: number, outPackets: number): void {
  const ip = state.snmp.get('Ip');
  if (ip === undefined) return;
  bump(ip, 'InReceives', inPackets);
  bump(ip, 'InDelivers', inPackets);
  bump(ip, 'OutRequests', outPackets);
}

function bump(section: Map<string, number>, name: string, by: number): void {
  section.set(name, (section.get(name) ?? 0) + by);
}

function setHeld(row: BeancounterRowState, held: number): void {
  row.held = Math.max(0, held);
  row.maxheld = Math.max(row.maxheld, row.held);
}

function rowFinder(state: ScenarioState): (name: string) => BeancounterRowState {
  return (name) => {
    const row = state.rows.find((r) => r.name === name);
    // The rows come from the constant seed table; a missing one is a programming error.
    if (row === undefined) throw new Error(`the scenario has no ${name} row`);
    return row;
  };
}
