import type { HostSnapshot, Reading } from '../../core/remote/snapshot';
import { escapeMarkdown } from '../../core/report/beancounterMarkdown';
import { formatShare } from '../../shared/units';
import { formatBytes, formatInteger } from '../../shared/units';
import { PAGE_BYTES } from '../../core/beancounters';
import { severityIcon } from './severityStyle';
import type { Translate } from './translate';
import { leaf, type ModelNode } from './treeItemData';
import { msg } from '../../shared/l10n/localizer';

/** A cumulative counter: its value now and at the baseline (connect), when both were readable. */
interface Counter {
  key: string;
  label: string;
  now: number;
  base: number | undefined;
  /** Why growth matters, one sentence (English, the key of its translation). */
  meaning: string;
  /** Growth is bad news (a drop, a refusal); otherwise it is shown for information. */
  growthIsTrouble: boolean;
}

const value = <T>(r: Reading<T>): T | undefined => (r.state === 'ok' ? r.value : undefined);

/** Growth since the baseline; undefined without a baseline or after a reboot (the counter went down). */
export function counterGrowth(now: number, base: number | undefined): number | undefined {
  return base === undefined || now < base ? undefined : now - base;
}

// Meanings follow the table in docs/method.md §3.3 and the cgroup v2 rows of §5.1.
const TCP_EXT: [string, string, boolean][] = [
  [
    'ListenOverflows',
    msg(
      'The accept queue of a listening socket was full and a SYN or final ACK was dropped: a server is not calling accept() fast enough, or its backlog is too small. Counts packets: each retransmitted SYN adds one.',
    ),
    true,
  ],
  [
    'ListenDrops',
    msg(
      'Anything dropped at a listening socket; at least ListenOverflows. More than ListenOverflows means allocation failures (on OpenVZ: numtcpsock refused the new socket).',
    ),
    true,
  ],
  [
    'SyncookiesSent',
    msg(
      'SYN cookies sent because the SYN queue was full: an overload or SYN flood episode; connections still succeed.',
    ),
    true,
  ],
  ['SyncookiesFailed', msg('ACKs with an invalid SYN cookie: forged or late handshakes.'), true],
  [
    'TCPSynRetrans',
    msg('SYNs and SYN-ACKs this host had to resend. On a server: the SYN arrived but the answer got no reply in time.'),
    false,
  ],
];

function counters(now: HostSnapshot, base: HostSnapshot | undefined, openVz: boolean): Counter[] {
  const out: Counter[] = [];
  const ext = value(now.counters.netstat)?.['TcpExt'];
  const extBase = base === undefined ? undefined : value(base.counters.netstat)?.['TcpExt'];
  for (const [key, meaning, trouble] of TCP_EXT) {
    const n = ext?.[key];
    if (n !== undefined) out.push({ key, label: key, now: n, base: extBase?.[key], meaning, growthIsTrouble: trouble });
  }
  if (!openVz) {
    const events: [
      Reading<Record<string, number>>,
      Reading<Record<string, number>> | undefined,
      string,
      string,
      string,
    ][] = [
      [
        now.cgroup.memoryEvents,
        base?.cgroup.memoryEvents,
        'max',
        'memory.events max',
        msg('Times the cgroup was about to exceed memory.max and had to reclaim.'),
      ],
      [
        now.cgroup.memoryEvents,
        base?.cgroup.memoryEvents,
        'oom_kill',
        'memory.events oom_kill',
        msg('Processes of the cgroup killed by the out-of-memory killer.'),
      ],
      [
        now.cgroup.pidsEvents,
        base?.cgroup.pidsEvents,
        'max',
        'pids.events max',
        msg('Forks refused because pids.max was reached: new processes and threads could not start.'),
      ],
    ];
    for (const [reading, baseReading, key, label, meaning] of events) {
      const n = value(reading)?.[key];
      if (n !== undefined)
        out.push({
          key: label.replace(/[ .]/g, '_'),
          label,
          now: n,
          base: baseReading === undefined ? undefined : value(baseReading)?.[key],
          meaning,
          growthIsTrouble: true,
        });
    }
  }
  return out;
}

function counterNode(hostId: string, parentId: string, c: Counter, t: Translate): ModelNode {
  const growth = counterGrowth(c.now, c.base);
  const bad = c.growthIsTrouble && growth !== undefined && growth > 0;
  return leaf(hostId, {
    id: `${parentId}/${c.key}`,
    label: `${c.label}  ${formatInteger(c.now)}`,
    description: growth === undefined ? '' : t('+{0} since connect', formatInteger(growth)),
    tooltip: `**${escapeMarkdown(c.label)}**\n\n${escapeMarkdown(t(c.meaning))}`,
    icon: bad ? severityIcon('warn') : { id: 'pulse' },
    contextValue: bad ? 'counter.growing' : 'counter.quiet',
  });
}

/** A "used of max" line: conntrack entries, or TCP memory in pages against tcp_mem. */
function usageNode(
  hostId: string,
  id: string,
  label: string,
  used: string,
  of: string,
  ratio: number,
  tooltip: string,
): ModelNode {
  // §3.3: conntrack at ~90 % of max is about to drop; §2.5: tcp_mem[1] is the pressure threshold.
  const severity = ratio >= 1 ? 'critical' : ratio >= 0.9 ? 'warn' : 'ok';
  return leaf(hostId, {
    id,
    label: `${label}  ${used} / ${of}`,
    description: formatShare(ratio, 1),
    tooltip,
    icon: severityIcon(severity),
    contextValue: `usage.${severity}`,
  });
}

/**
 * Kernel counters of a connected host with their growth since the connect (or the last baseline
 * reset): listen overflows and drops, SYN cookies, SYN retransmits, conntrack use against its max,
 * TCP memory against tcp_mem, and on non-OpenVZ hosts the cgroup memory and pids events.
 */
export function kernelSection(
  hostId: string,
  now: HostSnapshot,
  base: HostSnapshot | undefined,
  openVz: boolean,
  t: Translate,
): ModelNode | undefined {
  const id = `${hostId}/kernel`;
  const children = counters(now, base, openVz).map((c) => counterNode(hostId, id, c, t));
  const count = value(now.conntrack.count);
  const max = value(now.conntrack.max);
  if (count !== undefined && max !== undefined && max > 0) {
    children.push(
      usageNode(
        hostId,
        `${id}/conntrack`,
        t('conntrack entries'),
        formatInteger(count),
        formatInteger(max),
        count / max,
        escapeMarkdown(
          t(
            'Connection-tracking entries in use against nf_conntrack_max. A full table drops new connections before TCP sees them.',
          ),
        ),
      ),
    );
  }
  const memPages = value(now.sockstat)?.tcp?.memPages;
  const tcpMem = value(now.sysctls.tcpMem);
  if (memPages !== undefined && tcpMem !== undefined && tcpMem[1] > 0) {
    children.push(
      usageNode(
        hostId,
        `${id}/tcpmem`,
        t('TCP memory'),
        formatBytes(memPages * PAGE_BYTES),
        formatBytes(tcpMem[1] * PAGE_BYTES),
        memPages / tcpMem[1],
        escapeMarkdown(
          t(
            'TCP buffer memory of the whole host (sockstat mem, pages) against the pressure threshold tcp_mem[1] = {0} pages. Above it TCP stops growing buffers; above tcp_mem[2] = {1} pages allocations fail.',
            formatInteger(tcpMem[1]),
            formatInteger(tcpMem[2]),
          ),
        ),
      ),
    );
  }
  if (children.length === 0) return undefined;
  const alarming = new Set(['counter.growing', 'usage.warn', 'usage.critical']);
  const growing = children.some((c) => alarming.has(c.data.contextValue));
  return {
    data: {
      id,
      label: t('Kernel counters'),
      description: growing ? t('something is growing') : t('quiet since connect'),
      icon: growing ? severityIcon('warn') : { id: 'pulse' },
      contextValue: growing ? 'kernel.growing' : 'kernel.quiet',
      collapsible: growing ? 'expanded' : 'collapsed',
    },
    children,
    hostId,
  };
}
