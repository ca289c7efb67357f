import type { ResourceUnit } from '../beancounters/types';
import { assessBufferRisk } from '../kernel/bufferRisk';
import type { BufferRiskInput, RiskGrade } from '../kernel/bufferRiskTypes';
import { bufferRiskInput } from '../kernel/riskInput';
import { riskSysctlsOf } from '../remote/snapshotRisk';
import type { CounterTable } from '../kernel/counterTable';
import type { HostSnapshot, Reading } from '../remote/snapshot';
import { probeFamilies, type ProbeResults } from './openMetricsProbes';
import { renderMetrics, type MetricFamily, type MetricSample, type MetricsFormat } from './openMetricsWriter';

export { CONTENT_TYPES, type MetricsFormat } from './openMetricsWriter';
export type { ProbeResults } from './openMetricsProbes';

export interface OpenMetricsInput {
  snapshot: HostSnapshot;
  /** The latest probe results, exported as gauges describing that one run. */
  probes?: ProbeResults;
}

/**
 * A host snapshot (and the latest probes) as OpenMetrics text, or as the Prometheus text format.
 * Pure. Metric names are stable; what is not known is left out rather than reported as 0.
 *
 * Decisions worth knowing when writing queries:
 * - beancounter numbers keep the kernel's unit: `_bytes`, `_pages` (of the host's page size, 4096 B on
 *   x86) or unitless counts, each unit its own family (docs/method.md §1.4);
 * - an unlimited barrier or limit (LONG_MAX, §1.3) has no sample at all, so `held / barrier` yields
 *   nothing for it instead of a misleading 0; `barrier = 0` (physpages) is a real 0;
 * - `failcnt` is a counter: it restarts from 0 with the container, which Prometheus treats as a reset;
 * - kernel counters missing on a kernel (e.g. TCPSynRetrans on 2.6.32, §3.3) are left out; watch
 *   `vpsdoctor_tcp_retrans_segs_total` there instead;
 * - the buffer risk is a stateset per container: exactly one grade is 1.
 */
export function openMetrics(input: OpenMetricsInput, format: MetricsFormat = 'openmetrics'): string {
  return renderMetrics([...snapshotFamilies(input.snapshot), ...probeFamilies(input.probes ?? {})], format);
}

/** The families of one snapshot (host, beancounters, kernel counters, buffer risk), for renderers that add their own. */
export function snapshotFamilies(s: HostSnapshot): MetricFamily[] {
  return [...hostFamilies(s), ...beancounterFamilies(s), ...kernelFamilies(s), ...riskFamilies(s)];
}

const value = <T>(r: Reading<T>): T | undefined => (r.state === 'ok' ? r.value : undefined);

function hostFamilies(s: HostSnapshot): MetricFamily[] {
  const uptime = value(s.uptimeSeconds);
  const info: MetricSample[] = [];
  if (s.facts !== undefined) {
    info.push({
      labels: { kernel: s.facts.osRelease ?? '', virtualization: s.virtualization?.kind ?? 'unknown' },
      value: 1,
    });
  }
  return [
    {
      name: 'vpsdoctor_host',
      type: 'info',
      help: 'The host: kernel release (uname -r) and the detected virtualisation.',
      samples: info,
    },
    {
      name: 'vpsdoctor_uptime_seconds',
      type: 'gauge',
      unit: 'seconds',
      help: 'Seconds since the host (or container) booted, from /proc/uptime.',
      samples: uptime === undefined ? [] : [{ labels: {}, value: uptime }],
    },
  ];
}

/** Family name suffix per unit, as OpenMetrics wants the unit at the end of the name. */
const UNIT_SUFFIX: Record<ResourceUnit, string> = { bytes: '_bytes', pages: '_pages', count: '' };
const COLUMNS = ['held', 'maxheld', 'barrier', 'limit'] as const;
const COLUMN_HELP: Record<(typeof COLUMNS)[number], string> = {
  held: 'Current usage of a beancounter resource (/proc/user_beancounters held).',
  maxheld: 'Highest usage since the container started (maxheld).',
  barrier: 'First threshold of a beancounter resource (barrier); absent when unlimited.',
  limit: 'Hard ceiling of a beancounter resource (limit); absent when unlimited.',
};

function beancounterFamilies(s: HostSnapshot): MetricFamily[] {
  const containers = s.beancounters.state === 'ok' ? s.beancounters.table.containers : [];
  const families: MetricFamily[] = [];
  for (const column of COLUMNS) {
    for (const unit of ['bytes', 'pages', 'count'] as const) {
      const samples: MetricSample[] = [];
      for (const c of containers) {
        for (const r of c.resources) {
          const v = r[column];
          if (r.unit === unit && v !== null) samples.push({ labels: { container: c.id, resource: r.name }, value: v });
        }
      }
      const name = `vpsdoctor_beancounter_${column}${UNIT_SUFFIX[unit]}`;
      families.push({
        name,
        type: 'gauge',
        help: `${COLUMN_HELP[column]} ${unit === 'count' ? 'A count.' : `In ${unit}.`}`,
        ...(unit === 'count' ? {} : { unit }),
        samples,
      });
    }
  }
  families.push({
    name: 'vpsdoctor_beancounter_failcnt',
    type: 'counter',
    help: 'Refused charges of a beancounter resource since the container started (failcnt; docs/method.md §1.2).',
    samples: containers.flatMap((c) =>
      c.resources.map((r) => ({ labels: { container: c.id, resource: r.name }, value: r.failcnt })),
    ),
  });
  return families;
}

/** Kernel counters of docs/method.md §3.3, by family name (without `_total`). */
const KERNEL_COUNTERS: readonly {
  name: string;
  file: 'snmp' | 'netstat';
  prefix: string;
  counter: string;
  help: string;
}[] = [
  {
    name: 'vpsdoctor_tcp_listen_overflows',
    file: 'netstat',
    prefix: 'TcpExt',
    counter: 'ListenOverflows',
    help: 'Accept queue full on a listening socket (TcpExt ListenOverflows).',
  },
  {
    name: 'vpsdoctor_tcp_listen_drops',
    file: 'netstat',
    prefix: 'TcpExt',
    counter: 'ListenDrops',
    help: 'Any drop on a listening socket (TcpExt ListenDrops), at least ListenOverflows.',
  },
  {
    name: 'vpsdoctor_tcp_syn_retrans',
    file: 'netstat',
    prefix: 'TcpExt',
    counter: 'TCPSynRetrans',
    help: 'SYN and SYN-ACK retransmissions (TcpExt TCPSynRetrans; absent before Linux 3.7).',
  },
  {
    name: 'vpsdoctor_tcp_retrans_segs',
    file: 'snmp',
    prefix: 'Tcp',
    counter: 'RetransSegs',
    help: 'Retransmitted TCP segments, SYN-ACKs included (Tcp RetransSegs).',
  },
  {
    name: 'vpsdoctor_tcp_passive_opens',
    file: 'snmp',
    prefix: 'Tcp',
    counter: 'PassiveOpens',
    help: 'Connections accepted: a child socket made after the handshake (Tcp PassiveOpens).',
  },
  {
    name: 'vpsdoctor_tcp_in_segs',
    file: 'snmp',
    prefix: 'Tcp',
    counter: 'InSegs',
    help: 'TCP segments received (Tcp InSegs).',
  },
  {
    name: 'vpsdoctor_ip_in_receives',
    file: 'snmp',
    prefix: 'Ip',
    counter: 'InReceives',
    help: 'IPv4 packets received (Ip InReceives).',
  },
  {
    name: 'vpsdoctor_ip_in_delivers',
    file: 'snmp',
    prefix: 'Ip',
    counter: 'InDelivers',
    help: 'IPv4 packets delivered to TCP, UDP or ICMP (Ip InDelivers); InReceives minus this were dropped on the host.',
  },
];

function kernelFamilies(s: HostSnapshot): MetricFamily[] {
  const tables: Record<'snmp' | 'netstat', CounterTable | undefined> = {
    snmp: value(s.counters.snmp),
    netstat: value(s.counters.netstat),
  };
  const families: MetricFamily[] = KERNEL_COUNTERS.map((k) => {
    const section = tables[k.file]?.[k.prefix];
    const v = section !== undefined && Object.hasOwn(section, k.counter) ? section[k.counter] : undefined;
    return {
      name: k.name,
      type: 'counter',
      help: k.help,
      samples: v === undefined || v < 0 ? [] : [{ labels: {}, value: v }],
    };
  });
  const one = (v: number | undefined): MetricSample[] => (v === undefined ? [] : [{ labels: {}, value: v }]);
  const stat = value(s.conntrack.stat);
  const column = (name: string): MetricSample[] =>
    one(stat !== undefined && Object.hasOwn(stat, name) ? stat[name] : undefined);
  families.push(
    {
      name: 'vpsdoctor_conntrack_entries',
      type: 'gauge',
      help: 'Connection tracking entries in use (nf_conntrack_count).',
      samples: one(value(s.conntrack.count)),
    },
    {
      name: 'vpsdoctor_conntrack_entries_limit',
      type: 'gauge',
      help: 'Most connection tracking entries allowed (nf_conntrack_max).',
      samples: one(value(s.conntrack.max)),
    },
    {
      name: 'vpsdoctor_conntrack_drops',
      type: 'counter',
      help: 'New connections dropped for want of a conntrack entry (nf_conntrack drop, summed over CPUs).',
      samples: column('drop'),
    },
    {
      name: 'vpsdoctor_conntrack_early_drops',
      type: 'counter',
      help: 'Old conntrack entries evicted to make room (early_drop).',
      samples: column('early_drop'),
    },
    {
      name: 'vpsdoctor_conntrack_insert_failed',
      type: 'counter',
      help: 'Conntrack entries that could not be inserted (insert_failed).',
      samples: column('insert_failed'),
    },
  );
  return families;
}

const GRADES: readonly RiskGrade[] = ['low', 'medium', 'high', 'critical', 'unknown'];

function riskFamilies(s: HostSnapshot): MetricFamily[] {
  const name = 'vpsdoctor_buffer_risk';
  const samples = riskInputs(s).flatMap(({ labels, input }) => {
    const grade = assessBufferRisk(input).grade;
    return GRADES.map((g) => ({ labels: { ...labels, [name]: g }, value: g === grade ? 1 : 0 }));
  });
  return [
    {
      name,
      type: 'stateset',
      help: 'TCP buffer risk grade: tcp_wmem/tcp_rmem against tcpsndbuf/tcprcvbuf (docs/method.md §2.4).',
      samples,
    },
  ];
}

/** One risk input per container; without beancounters one for the host from its sysctls alone. */
function riskInputs(s: HostSnapshot): { labels: Record<string, string>; input: BufferRiskInput }[] {
  const sysctls = riskSysctlsOf(s.sysctls);
  if (s.beancounters.state !== 'ok') return [{ labels: {}, input: bufferRiskInput(sysctls) }];
  return s.beancounters.table.containers.map((c) => ({
    labels: { container: c.id },
    input: bufferRiskInput(sysctls, c),
  }));
}
