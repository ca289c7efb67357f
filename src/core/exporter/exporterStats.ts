import type { MetricFamily, MetricSample } from '../report/openMetricsWriter';
import type { HostPool } from './hostPool';
import type { Semaphore } from './probeCaps';
import { PROBE_ERROR_KINDS, type ProbeErrorKind } from './probeError';

/**
 * The exporter's own counters, per target: scrapes per module, errors by kind, and how long the latest
 * snapshot sample took. Together with the pool's reconnects and connections and the process's memory and
 * CPU they make up `/metrics`.
 */
export class ExporterStats {
  private readonly scrapes = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private readonly held = new Map<string, number>();
  private readonly sampleSeconds = new Map<string, number>();

  scraped(
    target: string,
    module: string,
    o: { errorKind?: ProbeErrorKind; heldBy?: string; durationMs: number; snapshot: boolean },
  ): void {
    bump(this.scrapes, key(target, module));
    if (o.errorKind !== undefined) bump(this.errors, key(target, o.errorKind));
    if (o.heldBy !== undefined) bump(this.held, key(target, module, o.heldBy));
    if (o.snapshot && o.errorKind === undefined) this.sampleSeconds.set(target, o.durationMs / 1000);
  }

  families(pool: HostPool, execs: Semaphore, targets: readonly string[]): MetricFamily[] {
    const mem = process.memoryUsage();
    const cpu = process.cpuUsage();
    const reconnects: MetricSample[] = pool
      .all()
      .map((p) => ({ labels: { target: p.host.target }, value: p.reconnects }));
    // Every target gets its error counters from the start, so `increase()` sees the first error too.
    const errors: MetricSample[] = targets.flatMap((t) =>
      PROBE_ERROR_KINDS.map((kind) => ({ labels: { target: t, kind }, value: this.errors.get(key(t, kind)) ?? 0 })),
    );
    return [
      {
        name: 'vpsdoctor_exporter_scrapes',
        type: 'counter',
        help: 'Scrapes of /probe per target and module.',
        samples: samplesOf(this.scrapes, ['target', 'module']),
      },
      {
        name: 'vpsdoctor_exporter_errors',
        type: 'counter',
        help: 'Failed probes per target and error kind (host_key, auth, unreachable, timeout, parse, config, probe).',
        samples: errors,
      },
      {
        name: 'vpsdoctor_exporter_held',
        type: 'counter',
        help: 'Scrapes answered with the last result because a cap held a new run back (reason min_interval or syn_budget).',
        samples: samplesOf(this.held, ['target', 'module', 'reason']),
      },
      {
        name: 'vpsdoctor_exporter_ssh_reconnects',
        type: 'counter',
        help: 'Times the pooled SSH connection of a target dropped and was reconnected with backoff.',
        samples: reconnects,
      },
      {
        name: 'vpsdoctor_exporter_sample_duration_seconds',
        type: 'gauge',
        unit: 'seconds',
        help: 'How long the latest successful snapshot sample of a target took, queueing for the exec cap included.',
        samples: samplesOf(this.sampleSeconds, ['target']),
      },
      {
        name: 'vpsdoctor_exporter_ssh_connections',
        type: 'gauge',
        help: 'Pooled SSH connections up now.',
        samples: [{ labels: {}, value: pool.openConnections() }],
      },
      {
        name: 'vpsdoctor_exporter_pooled_hosts',
        type: 'gauge',
        help: 'Hosts with a pooled session (connected or not).',
        samples: [{ labels: {}, value: pool.all().length }],
      },
      {
        name: 'vpsdoctor_exporter_execs_in_flight',
        type: 'gauge',
        help: 'Remote commands running now, over every host.',
        samples: [{ labels: {}, value: execs.inUse }],
      },
      {
        name: 'vpsdoctor_exporter_execs_limit',
        type: 'gauge',
        help: 'The global cap on remote commands running at once (max_concurrent_execs).',
        samples: [{ labels: {}, value: execs.limit }],
      },
      {
        name: 'vpsdoctor_exporter_execs_queued',
        type: 'gauge',
        help: 'Remote commands waiting for a free slot under the cap.',
        samples: [{ labels: {}, value: execs.queued }],
      },
      {
        name: 'process_resident_memory_bytes',
        type: 'gauge',
        unit: 'bytes',
        help: 'Resident memory of the exporter process.',
        samples: [{ labels: {}, value: mem.rss }],
      },
      {
        name: 'process_cpu_seconds',
        type: 'counter',
        help: 'User and system CPU time of the exporter process, seconds.',
        samples: [{ labels: {}, value: (cpu.user + cpu.system) / 1e6 }],
      },
    ];
  }
}

const SEP = '\u0000';
const key = (...parts: string[]): string => parts.join(SEP);

function bump(map: Map<string, number>, k: string): void {
  map.set(k, (map.get(k) ?? 0) + 1);
}

function samplesOf(map: ReadonlyMap<string, number>, names: readonly string[]): MetricSample[] {
  return [...map].map(([k, value]) => {
    const parts = k.split(SEP);
    return { labels: Object.fromEntries(names.map((n, i) => [n, parts[i] ?? ''])), value };
  });
}
