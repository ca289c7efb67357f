import type { CounterChange } from './background';
import type { ClientSignature } from './clientSignature';
import { formatIntervalInProse as interval, formatMs, formatPercent as percent, formatSigned as signed } from '../../shared/units';
import type { PingSignature } from './pingSignature';
import type { ServerSignature } from './serverSignature';
import type { EvidenceItem } from './types';

/** Stable names for evidence rows, so a decision can say which rows it rests on. */
export type EvidenceKey =
  | 'attempts'
  | 'delays'
  | 'position'
  | 'failures'
  | 'keepAlive'
  | 'passiveOpens'
  | 'hostDropped'
  | 'listenOverflows'
  | 'listenDrops'
  | 'reqQFullDrop'
  | 'cookies'
  | 'synRetrans'
  | 'outRsts'
  | 'conntrackDrop'
  | 'memoryPressure'
  | 'numtcpsock'
  | 'sockbuf'
  | 'control'
  | 'ping';

/** Server rows in the order a SYN meets them on its way in (§3.3), each with what it counts. */
const SERVER_ROWS: { key: EvidenceKey & keyof ServerSignature; label: string }[] = [
  { key: 'hostDropped', label: 'Reached the server but dropped before TCP (Ip.InReceives − Ip.InDelivers)' },
  { key: 'conntrackDrop', label: 'Dropped for a full conntrack table (conntrack drop + insert_failed)' },
  { key: 'reqQFullDrop', label: 'SYNs dropped for a full SYN queue (TcpExt.TCPReqQFullDrop)' },
  { key: 'cookies', label: 'SYN queue overflows answered with syncookies (TCPReqQFullDoCookies + SyncookiesSent)' },
  { key: 'listenOverflows', label: 'Accept-queue overflows (TcpExt.ListenOverflows)' },
  { key: 'listenDrops', label: 'Drops on a listening socket (TcpExt.ListenDrops)' },
  { key: 'passiveOpens', label: 'Handshakes completed on the server (Tcp.PassiveOpens)' },
  { key: 'synRetrans', label: 'SYN-ACKs the server had to resend (TcpExt.TCPSynRetrans)' },
  { key: 'outRsts', label: 'Resets sent by the server (Tcp.OutRsts)' },
  { key: 'numtcpsock', label: 'numtcpsock beancounter refusals (failcnt)' },
  { key: 'sockbuf', label: 'Socket-buffer beancounter refusals (tcpsndbuf + tcprcvbuf + othersockbuf failcnt)' },
  { key: 'memoryPressure', label: 'TCP memory pressure (TCPAbortOnMemory + TCPMemoryPressures)' },
];

/** `+32 during the burst (idle control +0)`. */
function describeChange(c: CounterChange): string {
  const during = `${signed(c.delta)} during the burst`;
  return c.background === null ? `${during} (no idle control)` : `${during} (idle control of the same length: ${signed(c.background)})`;
}


/** Every known observation as an evidence row, undecided; the decision marks the decisive ones. */
export function collectEvidence(client: ClientSignature, server: ServerSignature, ping: PingSignature | null): { key: EvidenceKey; item: EvidenceItem }[] {
  const rows: { key: EvidenceKey; item: EvidenceItem }[] = [];
  const add = (key: EvidenceKey, label: string, value: string) => rows.push({ key, item: { label, value, decisive: false } });

  add('attempts', 'New connections', `${client.attempts} to ${client.target}, ${client.concurrency} at a time: ${client.fast} fast, ${client.delayed} delayed by SYN retransmission, ${client.latency} slow without a retransmission, ${client.attempts - client.connected} failed`);
  if (client.delayed > 0) {
    const ks = Object.entries(client.histogram).sort(([a], [b]) => Number(a) - Number(b)).map(([k, n]) => `${n} × k=${k}`).join(', ');
    add('delays', 'Delayed connects', `${percent(client.delayed / Math.max(1, client.attempts))} (95 % interval ${interval(client.delayedCi95)}); lost SYN exchanges per delayed connect: ${ks}; one step = ${client.firstStepMs} ms`);
  }
  add('position', 'Where in the burst the delays fall', describePosition(client));
  if (client.failureCodes.length > 0) {
    add('failures', 'Failed connections', client.failureCodes.map((f) => `${f.count} × ${f.code}: ${f.meaning}`).join('; '));
  }
  add('keepAlive', 'Keep-alive control (one connection opened before the burst)', describeKeepAlive(client));

  for (const { key, label } of SERVER_ROWS) {
    const change = server[key];
    if (change !== null && typeof change === 'object') add(key, label, describeChange(change));
  }
  if (server.hasTcp && !server.hasControl) add('control', 'Idle control', 'not taken: background activity on the server could not be subtracted');
  if (ping !== null) {
    add('ping', `Ping to ${ping.host}`, `${ping.lost} of ${ping.sent} lost (${percent(ping.fraction)}, 95 % interval ${interval(ping.ci95)}); ${ping.episodes} loss episodes, longest ${ping.longestRun} in a row`);
  }
  return rows;
}

function describeKeepAlive(client: ClientSignature): string {
  const ka = client.keepAlive;
  const why = ka.error === null ? '' : `: ${ka.error}`;
  if (ka.requests === 0) return `not measured${why}`;
  if (client.mode === 'tcp') return ka.failed === 0 && ka.error === null ? 'held open through the burst and still up afterwards' : `lost${why}`;
  return `${ka.requests} requests over it, ${ka.failed} failed${ka.slowestMs === null ? '' : `, slowest ${formatMs(ka.slowestMs)}`}${why}`;
}

function describePosition(client: ClientSignature): string {
  switch (client.position) {
    case 'front-fast-then-delayed':
      return `the first ${client.firstDelayedIndex ?? 0} went through at once, the delays came after them (the signature of a per-source SYN limit)`;
    case 'random':
      return 'spread over the burst, not bunched after its start';
    case 'none':
      return 'no delayed connect';
  }
}
