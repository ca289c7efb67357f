import type { ResourceDelta } from '../../core/beancounters/delta';
import { analyzeBeancounters } from '../../core/beancounters/analyzeBeancounters';
import { beancounterTable } from '../../core/report/beancounterTable';
import { bufferRiskText } from '../../core/report/bufferRiskText';
import type { Reading } from '../../core/remote/snapshot';
import { formatParseError } from '../../core/result';
import type { SampleView } from '../../core/session/hostSession';
import { formatInteger } from '../../shared/units';
import { formatDateTime, padEndWidth } from '../../shared/l10n/format';
import { localizeBufferRisk } from '../../core/kernel/bufferRisk';
import { beancounterAdvice } from '../../core/remote/readBeancounters';
import { detectVirtualization } from '../../core/remote/detectVirtualization';
import { english, list, type Localizer } from '../../shared/l10n/localizer';

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

const show = <T>(r: Reading<T>, format: (v: T) => string, l: Localizer): string => {
  switch (r.state) {
    case 'ok':
      return format(r.value);
    case 'missing':
      return l.t('not present');
    case 'needsRoot':
      return l.t('needs root');
    case 'error':
      return l.t('unreadable ({0})', formatParseError(r.error, l));
  }
};

const triple = (v: [number, number, number]): string => v.map(formatInteger).join(' / ');

function duration(seconds: number, l: Localizer): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d > 0
    ? l.t('{0} d {1} h', d, h)
    : h > 0
      ? l.t('{0} h {1} min', h, m)
      : l.t('{0} min {1} s', m, Math.floor(seconds % 60));
}

/** One sample as text for a terminal: facts, beancounters, key counters, sysctls, buffer risk, what needed root. */
export function snapshotText(view: SampleView, label: string, color: boolean, l: Localizer = english): string {
  const s = view.snapshot;
  const when =
    l.lang === 'en'
      ? new Date(view.takenAtMs).toISOString()
      : formatDateTime(new Date(view.takenAtMs).toISOString(), l.lang);
  const out: string[] = [
    l.t(
      '{0}: sampled {1}, up {2}',
      label,
      when,
      show(s.uptimeSeconds, (v) => duration(v, l), l),
    ),
  ];
  if (s.facts) {
    const release = s.facts.osRelease ?? l.t('unknown');
    out.push(s.facts.machine ? l.t('Kernel {0} ({1})', release, s.facts.machine) : l.t('Kernel {0}', release));
  }
  // The sample words it in English (its JSON keeps that); the text classifies again in the run's language.
  const virt =
    l.lang === 'en' || s.facts === undefined ? s.virtualization : s.virtualization && detectVirtualization(s.facts, l);
  if (virt) {
    out.push(l.t('Virtualisation: {0}', virt.label));
    for (const e of virt.evidence) out.push(`  - ${e}`);
  }
  out.push('', ...beancounterSection(view, color, l));
  out.push(l.t('Kernel counters (cumulative since boot, this network namespace)'));
  for (const [table, prefix, name] of KEY_COUNTERS) {
    const reading = s.counters[table];
    const value = reading.state === 'ok' ? reading.value[prefix]?.[name] : undefined;
    if (value !== undefined) out.push(`  ${`${prefix} ${name}`.padEnd(28)} ${formatInteger(value)}`);
  }
  if (s.counters.snmp.state !== 'ok' || s.counters.netstat.state !== 'ok') {
    out.push(
      `  /proc/net/snmp: ${show(s.counters.snmp, () => 'ok', l)}; /proc/net/netstat: ${show(s.counters.netstat, () => 'ok', l)}`,
    );
  }
  const y = s.sysctls;
  out.push('', l.t('Sysctls'));
  const rows: [string, string][] = [
    [l.t('{0} (bytes)', 'net.ipv4.tcp_wmem'), show(y.tcpWmem, triple, l)],
    [l.t('{0} (bytes)', 'net.ipv4.tcp_rmem'), show(y.tcpRmem, triple, l)],
    [l.t('{0} (bytes)', 'net.core.wmem_max'), show(y.wmemMax, formatInteger, l)],
    [l.t('{0} (bytes)', 'net.core.rmem_max'), show(y.rmemMax, formatInteger, l)],
    [l.t('{0} (pages)', 'net.ipv4.tcp_mem'), show(y.tcpMem, triple, l)],
    ['net.core.somaxconn', show(y.somaxconn, formatInteger, l)],
    ['net.ipv4.tcp_max_syn_backlog', show(y.tcpMaxSynBacklog, formatInteger, l)],
    ['net.ipv4.tcp_syncookies', show(y.tcpSyncookies, formatInteger, l)],
    ['net.ipv4.tcp_syn_retries', show(y.tcpSynRetries, formatInteger, l)],
    ['net.ipv4.tcp_synack_retries', show(y.tcpSynackRetries, formatInteger, l)],
    [
      'nf_conntrack count / max',
      `${show(s.conntrack.count, formatInteger, l)} / ${show(s.conntrack.max, formatInteger, l)}`,
    ],
  ];
  for (const [name, value] of rows) out.push(`  ${padEndWidth(name, 30)} ${value}`);
  if (view.bufferRisk)
    out.push('', bufferRiskText(l.lang === 'en' ? view.bufferRisk : localizeBufferRisk(view.bufferRisk, l), l));
  out.push(...rootSection(view, l));
  if (s.errors.length > 0) out.push('', l.t('Read errors'), ...s.errors.map((e) => `  - ${formatParseError(e, l)}`));
  return out.join('\n');
}

function beancounterSection(view: SampleView, color: boolean, l: Localizer): string[] {
  const bc = view.snapshot.beancounters;
  switch (bc.state) {
    case 'ok': {
      const analysis = analyzeBeancounters(bc.table, { l });
      // `hasBaseline` only decides the table's footer, which points at another command's
      // --baseline; this command says how to see growth itself.
      const table = beancounterTable({ ...analysis, hasBaseline: true }, { color, l });
      return [
        bc.via === 'sudo' ? l.t('{0} (read through sudo -n)', '/proc/user_beancounters') : '/proc/user_beancounters',
        table,
        l.t('failcnt counts refusals since the container started; run with --watch N to see it grow now.'),
        '',
      ];
    }
    case 'missing':
      return [
        l.t('No /proc/user_beancounters: not an OpenVZ/Virtuozzo container, so there are no beancounters to read.'),
        '',
      ];
    case 'error':
      return [l.t('/proc/user_beancounters could not be read: {0}', formatParseError(bc.error, l)), ''];
    case 'unavailable':
      return [
        l.t('/proc/user_beancounters was not read. {0}', l.lang === 'en' ? bc.advice : beancounterAdvice(bc, l)),
        '',
      ];
  }
}

function rootSection(view: SampleView, l: Localizer): string[] {
  const s = view.snapshot;
  const bc = s.beancounters;
  const out: string[] = [];
  if (s.needsRoot.length > 0) out.push(l.t('Needed root (not read): {0}', list(l, s.needsRoot)));
  if (bc.state === 'unavailable' && bc.sudoersLine !== null)
    out.push(`  ${l.t('sudoers line (visudo -f /etc/sudoers.d/vps-doctor): {0}', bc.sudoersLine)}`);
  if (bc.state === 'ok' && bc.via === 'sudo') out.push(l.t('Read through sudo -n: {0}', '/proc/user_beancounters'));
  if (s.missing.length > 0) out.push(l.t('Not present on this host: {0}', list(l, s.missing)));
  return out.length > 0 ? ['', ...out] : [];
}

/** One `--watch` line: failcnt growth since the previous sample, per resource that grew. */
export function growthLine(view: SampleView, l: Localizer = english): string {
  const time = new Date(view.takenAtMs).toISOString().slice(11, 19);
  const grew = view.deltas.filter((d) => d.failcntDelta > 0);
  if (view.deltas.length === 0) {
    return view.snapshot.beancounters.state === 'ok'
      ? `${time}  ${l.t('first sample (baseline)')}`
      : `${time}  ${l.t('no beancounters to compare ({0})', view.snapshot.beancounters.state)}`;
  }
  if (grew.length === 0) return `${time}  ${l.t('no failcnt growth')}`;
  return `${time}  ${grew.map((d) => describeDelta(d, l)).join('  ')}`;
}

function describeDelta(d: ResourceDelta, l: Localizer): string {
  const rate = d.ratePerMinute === null ? '' : ` (${l.t('{0}/min', formatInteger(Math.round(d.ratePerMinute)))})`;
  const who = d.containerId === '0' ? l.t('host') : l.t('CT {0}', d.containerId);
  const line = `${who} ${d.name} +${formatInteger(d.failcntDelta)}${rate}`;
  return d.reset ? l.t('{0} after a restart', line) : line;
}
