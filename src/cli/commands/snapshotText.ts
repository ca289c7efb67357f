import type { ResourceDelta } from '../../core/beancounters/delta';
import { analyzeBeancounters } from '../../core/beancounters/analyzeBeancounters';
import { beancounterTable } from '../../core/report/beancounterTable';
import { bufferRiskText } from '../../core/report/bufferRiskText';
import type { Reading } from '../../core/remote/snapshot';
import { formatParseError } from '../../core/result';
import type { SampleView } from '../../core/session/hostSession';
import { formatInteger } from '../../shared/units';

/** The counters worth a glance in a snapshot (docs/method.md §3.3): SYN and queue trouble, memory pressure. */
const KEY_COUNTERS: [table: 'snmp' | 'netstat', prefix: string, name: string][] = [
  ['snmp', 'Ip', 'InReceives'],
  ['snmp', 'Ip', 'InDelivers'],
  ['snmp', 'Ip', 'InDiscards'],
  ['snmp', 'Tcp', 'ActiveOpens'],
  ['snmp', 'Tcp', 'PassiveOpens'],
  ['snmp', 'Tcp', 'AttemptFails'],
  ['snmp', 'Tcp', 'RetransSegs'],
  ['netstat', 'TcpExt', 'ListenOverflows'],
  ['netstat', 'TcpExt', 'ListenDrops'],
  ['netstat', 'TcpExt', 'TCPSynRetrans'],
  ['netstat', 'TcpExt', 'TCPMemoryPressures'],
  ['netstat', 'TcpExt', 'TCPAbortOnMemory'],
  ['netstat', 'TcpExt', 'TCPBacklogDrop'],
];

const show = <T>(r: Reading<T>, format: (v: T) => string): string => {
  switch (r.state) {
    case 'ok':
      return format(r.value);
    case 'missing':
      return 'not present';
    case 'needsRoot':
      return 'needs root';
    case 'error':
      return `unreadable (${formatParseError(r.error)})`;
  }
};

const triple = (v: [number, number, number]): string => v.map(formatInteger).join(' / ');

function duration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min ${Math.floor(seconds % 60)} s`;
}

/** One sample as text for a terminal: facts, beancounters, key counters, sysctls, buffer risk, what needed root. */
export function snapshotText(view: SampleView, label: string, color: boolean): string {
  const s = view.snapshot;
  const out: string[] = [
    `${label}: sampled ${new Date(view.takenAtMs).toISOString()}, up ${show(s.uptimeSeconds, duration)}`,
  ];
  if (s.facts) out.push(`Kernel ${s.facts.osRelease ?? 'unknown'}${s.facts.machine ? ` (${s.facts.machine})` : ''}`);
  if (s.virtualization) {
    out.push(`Virtualisation: ${s.virtualization.label}`);
    for (const e of s.virtualization.evidence) out.push(`  - ${e}`);
  }
  out.push('', ...beancounterSection(view, color));
  out.push('Kernel counters (cumulative since boot, this network namespace)');
  for (const [table, prefix, name] of KEY_COUNTERS) {
    const reading = s.counters[table];
    const value = reading.state === 'ok' ? reading.value[prefix]?.[name] : undefined;
    if (value !== undefined) out.push(`  ${`${prefix} ${name}`.padEnd(28)} ${formatInteger(value)}`);
  }
  if (s.counters.snmp.state !== 'ok' || s.counters.netstat.state !== 'ok') {
    out.push(
      `  /proc/net/snmp: ${show(s.counters.snmp, () => 'ok')}; /proc/net/netstat: ${show(s.counters.netstat, () => 'ok')}`,
    );
  }
  const y = s.sysctls;
  out.push('', 'Sysctls');
  const rows: [string, string][] = [
    ['net.ipv4.tcp_wmem (bytes)', show(y.tcpWmem, triple)],
    ['net.ipv4.tcp_rmem (bytes)', show(y.tcpRmem, triple)],
    ['net.core.wmem_max (bytes)', show(y.wmemMax, formatInteger)],
    ['net.core.rmem_max (bytes)', show(y.rmemMax, formatInteger)],
    ['net.ipv4.tcp_mem (pages)', show(y.tcpMem, triple)],
    ['net.core.somaxconn', show(y.somaxconn, formatInteger)],
    ['net.ipv4.tcp_max_syn_backlog', show(y.tcpMaxSynBacklog, formatInteger)],
    ['net.ipv4.tcp_syncookies', show(y.tcpSyncookies, formatInteger)],
    ['net.ipv4.tcp_syn_retries', show(y.tcpSynRetries, formatInteger)],
    ['net.ipv4.tcp_synack_retries', show(y.tcpSynackRetries, formatInteger)],
    ['nf_conntrack count / max', `${show(s.conntrack.count, formatInteger)} / ${show(s.conntrack.max, formatInteger)}`],
  ];
  for (const [name, value] of rows) out.push(`  ${name.padEnd(30)} ${value}`);
  if (view.bufferRisk) out.push('', bufferRiskText(view.bufferRisk));
  out.push(...rootSection(view));
  if (s.errors.length > 0) out.push('', 'Read errors', ...s.errors.map((e) => `  - ${formatParseError(e)}`));
  return out.join('\n');
}

function beancounterSection(view: SampleView, color: boolean): string[] {
  const bc = view.snapshot.beancounters;
  switch (bc.state) {
    case 'ok': {
      const analysis = analyzeBeancounters(bc.table);
      // `hasBaseline` only decides the table's footer, which points at another command's
      // --baseline; this command says how to see growth itself.
      const table = beancounterTable({ ...analysis, hasBaseline: true }, { color });
      return [
        `/proc/user_beancounters${bc.via === 'sudo' ? ' (read through sudo -n)' : ''}`,
        table,
        'failcnt counts refusals since the container started; run with --watch N to see it grow now.',
        '',
      ];
    }
    case 'missing':
      return [
        'No /proc/user_beancounters: not an OpenVZ/Virtuozzo container, so there are no beancounters to read.',
        '',
      ];
    case 'error':
      return [`/proc/user_beancounters could not be read: ${formatParseError(bc.error)}`, ''];
    case 'unavailable':
      return [`/proc/user_beancounters was not read. ${bc.advice}`, ''];
  }
}

function rootSection(view: SampleView): string[] {
  const s = view.snapshot;
  const bc = s.beancounters;
  const out: string[] = [];
  if (s.needsRoot.length > 0) out.push(`Needed root (not read): ${s.needsRoot.join(', ')}`);
  if (bc.state === 'unavailable' && bc.sudoersLine !== null)
    out.push(`  sudoers line (visudo -f /etc/sudoers.d/vps-doctor): ${bc.sudoersLine}`);
  if (bc.state === 'ok' && bc.via === 'sudo') out.push('Read through sudo -n: /proc/user_beancounters');
  if (s.missing.length > 0) out.push(`Not present on this host: ${s.missing.join(', ')}`);
  return out.length > 0 ? ['', ...out] : [];
}

/** One `--watch` line: failcnt growth since the previous sample, per resource that grew. */
export function growthLine(view: SampleView): string {
  const time = new Date(view.takenAtMs).toISOString().slice(11, 19);
  const grew = view.deltas.filter((d) => d.failcntDelta > 0);
  if (view.deltas.length === 0) {
    return view.snapshot.beancounters.state === 'ok'
      ? `${time}  first sample (baseline)`
      : `${time}  no beancounters to compare (${view.snapshot.beancounters.state})`;
  }
  if (grew.length === 0) return `${time}  no failcnt growth`;
  return `${time}  ${grew.map(describeDelta).join('  ')}`;
}

function describeDelta(d: ResourceDelta): string {
  const rate = d.ratePerMinute === null ? '' : ` (${formatInteger(Math.round(d.ratePerMinute))}/min)`;
  const who = d.containerId === '0' ? 'host' : `CT ${d.containerId}`;
  return `${who} ${d.name} +${formatInteger(d.failcntDelta)}${rate}${d.reset ? ' after a restart' : ''}`;
}
