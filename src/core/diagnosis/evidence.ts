import { keepAliveErrorText } from '../probes/keepAliveErrors';
import { english, msg, type Localizer } from '../../shared/l10n/localizer';
import { connectErrorMeaning } from '../probes/connectErrors';
import type { CounterChange } from './background';
import type { ClientSignature } from './clientSignature';
import {
  formatIntervalInProse as interval,
  formatMs,
  formatPercent as percent,
  formatSigned as signed,
} from '../../shared/units';
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
  { key: 'hostDropped', label: msg('Reached the server but dropped before TCP (Ip.InReceives − Ip.InDelivers)') },
  { key: 'conntrackDrop', label: msg('Dropped for a full conntrack table (conntrack drop + insert_failed)') },
  { key: 'reqQFullDrop', label: msg('SYNs dropped for a full SYN queue (TcpExt.TCPReqQFullDrop)') },
  {
    key: 'cookies',
    label: msg('SYN queue overflows answered with syncookies (TCPReqQFullDoCookies + SyncookiesSent)'),
  },
  { key: 'listenOverflows', label: msg('Accept-queue overflows (TcpExt.ListenOverflows)') },
  { key: 'listenDrops', label: msg('Drops on a listening socket (TcpExt.ListenDrops)') },
  { key: 'passiveOpens', label: msg('Handshakes completed on the server (Tcp.PassiveOpens)') },
  { key: 'synRetrans', label: msg('SYN-ACKs the server had to resend (TcpExt.TCPSynRetrans)') },
  { key: 'outRsts', label: msg('Resets sent by the server (Tcp.OutRsts)') },
  { key: 'numtcpsock', label: msg('numtcpsock beancounter refusals (failcnt)') },
  { key: 'sockbuf', label: msg('Socket-buffer beancounter refusals (tcpsndbuf + tcprcvbuf + othersockbuf failcnt)') },
  { key: 'memoryPressure', label: msg('TCP memory pressure (TCPAbortOnMemory + TCPMemoryPressures)') },
];

/** `+32 during the burst (idle control +0)`. */
function describeChange(c: CounterChange, l: Localizer): string {
  return c.background === null
    ? l.t('{0} during the burst (no idle control)', signed(c.delta))
    : l.t('{0} during the burst (idle control of the same length: {1})', signed(c.delta), signed(c.background));
}

/** Every known observation as an evidence row, undecided; the decision marks the decisive ones. */
export function collectEvidence(
  client: ClientSignature,
  server: ServerSignature,
  ping: PingSignature | null,
  l: Localizer = english,
): { key: EvidenceKey; item: EvidenceItem }[] {
  const rows: { key: EvidenceKey; item: EvidenceItem }[] = [];
  const add = (key: EvidenceKey, label: string, value: string) =>
    rows.push({ key, item: { label, value, decisive: false } });

  add(
    'attempts',
    l.t('New connections'),
    l.t(
      '{0} to {1}, {2} at a time: {3} fast, {4} delayed by SYN retransmission, {5} slow without a retransmission, {6} failed',
      client.attempts,
      client.target,
      client.concurrency,
      client.fast,
      client.delayed,
      client.latency,
      client.attempts - client.connected,
    ),
  );
  if (client.delayed > 0) {
    const ks = Object.entries(client.histogram)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([k, n]) => `${n} × k=${k}`)
      .join(', ');
    add(
      'delays',
      l.t('Delayed connects'),
      l.t(
        '{0} (95 % interval {1}); lost SYN exchanges per delayed connect: {2}; one step = {3} ms',
        percent(client.delayed / Math.max(1, client.attempts)),
        interval(client.delayedCi95),
        ks,
        client.firstStepMs,
      ),
    );
  }
  add('position', l.t('Where in the burst the delays fall'), describePosition(client, l));
  if (client.failureCodes.length > 0) {
    add(
      'failures',
      l.t('Failed connections'),
      // Worded through `l` only (no test of its language), so a captured round renders it in any (capture.ts).
      client.failureCodes
        .map((f) =>
          l.t('{0} × {1}: {2}', f.count, f.code, f.code === 'UNKNOWN' ? f.meaning : connectErrorMeaning(f.code, l)),
        )
        .reduce((a, b) => l.t('{0}; {1}', a, b)),
    );
  }
  add('keepAlive', l.t('Keep-alive control (one connection opened before the burst)'), describeKeepAlive(client, l));

  for (const { key, label } of SERVER_ROWS) {
    const change = server[key];
    if (change !== null && typeof change === 'object') add(key, l.t(label), describeChange(change, l));
  }
  if (server.hasTcp && !server.hasControl)
    add('control', l.t('Idle control'), l.t('not taken: background activity on the server could not be subtracted'));
  if (ping !== null) {
    add(
      'ping',
      l.t('Ping to {0}', ping.host),
      l.t(
        '{0} of {1} lost ({2}, 95 % interval {3}); {4} loss episodes, longest {5} in a row',
        ping.lost,
        ping.sent,
        percent(ping.fraction),
        interval(ping.ci95),
        ping.episodes,
        ping.longestRun,
      ),
    );
  }
  return rows;
}

function describeKeepAlive(client: ClientSignature, l: Localizer): string {
  const ka = client.keepAlive;
  const why = ka.error === null ? '' : `: ${keepAliveErrorText(ka.error, l)}`;
  if (ka.requests === 0) return `${l.t('not measured')}${why}`;
  if (client.mode === 'tcp')
    return ka.failed === 0 && ka.error === null
      ? l.t('held open through the burst and still up afterwards')
      : `${l.t('lost')}${why}`;
  const head =
    ka.slowestMs === null
      ? l.t('{0} requests over it, {1} failed', ka.requests, ka.failed)
      : l.t('{0} requests over it, {1} failed, slowest {2}', ka.requests, ka.failed, formatMs(ka.slowestMs));
  return `${head}${why}`;
}

function describePosition(client: ClientSignature, l: Localizer): string {
  switch (client.position) {
    case 'front-fast-then-delayed':
      return l.t(
        'the first {0} went through at once, the delays came after them (the signature of a per-source SYN limit)',
        client.firstDelayedIndex ?? 0,
      );
    case 'random':
      return l.t('spread over the burst, not bunched after its start');
    case 'none':
      return l.t('no delayed connect');
  }
}
