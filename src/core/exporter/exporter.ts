import { DEFAULT_SAMPLE_TIMEOUT_MS } from '../remote/sampleLimits';
import { CONTENT_TYPES, renderMetrics, type MetricFamily, type MetricsFormat } from '../report/openMetricsWriter';
import { ExporterStats } from './exporterStats';
import type { Fleet, FleetHost, FleetModule } from './fleetFile';
import { HostPool, type HostPoolOptions } from './hostPool';
import { Semaphore } from './probeCaps';
import { PROBE_ERROR_KINDS } from './probeError';
import { Prober, type ProberDeps, type ProbeOutcome } from './prober';

/** What Prometheus leaves itself of the scrape timeout to read the answer (blackbox_exporter's `timeout_offset`). */
export const TIMEOUT_OFFSET_MS = 500;
/** The shortest budget a probe gets, whatever the header says. */
const MIN_BUDGET_MS = 100;

export interface ExporterOptions extends Omit<HostPoolOptions, 'sshConfig' | 'commandTimeoutMs'> {
  fleet: Fleet;
  tool: ProberDeps['tool'];
  now?: () => number;
  /** For tests: the probes themselves. */
  probes?: Pick<ProberDeps, 'burst' | 'ping' | 'diagnosis'>;
}

/** A request as the exporter needs it: method, path and query, and the two headers it reads. */
export interface ExporterRequest {
  method: string;
  url: string;
  scrapeTimeoutSeconds?: string;
  accept?: string;
}

export interface ExporterResponse {
  status: number;
  contentType: string;
  body: string;
}

const TEXT = 'text/plain; charset=utf-8';

/**
 * The multi-target exporter: Prometheus scrapes `/probe?target=T&module=M` and the work happens then,
 * within the scrape's own timeout. A failed probe is an answer (`vpsdoctor_probe_success 0` and the error
 * kind), never an HTTP error; only a request naming an unknown target or module gets a 400. `/metrics` is
 * the exporter's own state, `/sd` the fleet for Prometheus's `http_sd_configs`.
 */
export class Exporter {
  readonly pool: HostPool;
  readonly prober: Prober;
  readonly execs: Semaphore;
  private readonly stats = new ExporterStats();
  private readonly hosts: Map<string, FleetHost>;
  private readonly lastError = new Map<string, string>();
  private readonly now: () => number;

  constructor(private readonly o: ExporterOptions) {
    this.now = o.now ?? Date.now;
    const commandTimeoutMs = o.fleet.modules.get('snapshot')?.timeoutMs ?? DEFAULT_SAMPLE_TIMEOUT_MS;
    this.pool = new HostPool({
      ...o,
      commandTimeoutMs,
      ...(o.fleet.sshConfig !== undefined ? { sshConfig: o.fleet.sshConfig } : {}),
    });
    this.execs = new Semaphore(o.fleet.maxConcurrentExecs);
    this.prober = new Prober({
      pool: this.pool,
      execs: this.execs,
      now: this.now,
      tool: o.tool,
      commandTimeoutMs,
      ...o.probes,
    });
    this.hosts = new Map(o.fleet.hosts.map((h) => [h.target, h]));
  }

  async handle(req: ExporterRequest): Promise<ExporterResponse> {
    const url = new URL(req.url, 'http://exporter.invalid');
    if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, contentType: TEXT, body: 'only GET\n' };
    const format: MetricsFormat = /application\/openmetrics-text/.test(req.accept ?? '') ? 'openmetrics' : 'prometheus';
    switch (url.pathname) {
      case '/probe':
        return this.probe(url.searchParams, req.scrapeTimeoutSeconds, format);
      case '/metrics':
        return {
          status: 200,
          contentType: CONTENT_TYPES[format],
          body: renderMetrics(this.stats.families(this.pool, this.execs, [...this.hosts.keys()]), format),
        };
      case '/sd':
        return {
          status: 200,
          contentType: 'application/json',
          body: `${JSON.stringify(this.o.fleet.hosts.map((h) => ({ targets: [h.target], labels: h.labels })))}\n`,
        };
      case '/':
        return { status: 200, contentType: TEXT, body: this.index() };
      default:
        return {
          status: 404,
          contentType: TEXT,
          body: 'not found: try /probe?target=HOST&module=MODULE, /metrics or /sd\n',
        };
    }
  }

  dispose(): void {
    this.pool.dispose();
  }

  private async probe(
    params: URLSearchParams,
    timeoutHeader: string | undefined,
    format: MetricsFormat,
  ): Promise<ExporterResponse> {
    const target = params.get('target') ?? '';
    const moduleName = params.get('module') ?? '';
    const host = this.hosts.get(target);
    const module = this.o.fleet.modules.get(moduleName);
    if (host === undefined)
      return {
        status: 400,
        contentType: TEXT,
        body: `unknown target ${JSON.stringify(target.slice(0, 200))}: it is not in the fleet file\n`,
      };
    if (module === undefined)
      return {
        status: 400,
        contentType: TEXT,
        body: `unknown module ${JSON.stringify(moduleName.slice(0, 200))}; the fleet file defines ${[...this.o.fleet.modules.keys()].join(', ')}\n`,
      };
    const budgetMs = scrapeBudgetMs(timeoutHeader, module.timeoutMs);
    const started = this.now();
    const outcome = await this.prober.probe(host, module, budgetMs);
    const durationMs = this.now() - started;
    this.stats.scraped(target, moduleName, {
      durationMs,
      snapshot: module.prober === 'snapshot',
      ...(outcome.error ? { errorKind: outcome.error.kind } : {}),
      ...(outcome.held ? { heldBy: outcome.held.reason } : {}),
    });
    this.logChange(target, module, outcome);
    const families = [...probeMeta(outcome, durationMs, this.now()), ...outcome.families];
    return { status: 200, contentType: CONTENT_TYPES[format], body: renderMetrics(families, format) };
  }

  /** One log line when a target's probe starts failing, changes why, or works again; not one per scrape. */
  private logChange(target: string, module: FleetModule, outcome: ProbeOutcome): void {
    const k = `${target} ${module.name}`;
    const before = this.lastError.get(k);
    const now = outcome.error ? `${outcome.error.kind}: ${outcome.error.message}` : undefined;
    if (now === before) return;
    if (now === undefined) {
      this.lastError.delete(k);
      this.o.log('info', `probe ${module.name} of ${target} works again`);
    } else {
      this.lastError.set(k, now);
      this.o.log(
        outcome.error?.kind === 'host_key' ? 'error' : 'warn',
        `probe ${module.name} of ${target} failed (${now})`,
      );
    }
  }

  private index(): string {
    return [
      'VPS Doctor exporter',
      '',
      `/probe?target=HOST&module=MODULE   modules: ${[...this.o.fleet.modules.keys()].join(', ')}`,
      `/metrics                           the exporter's own metrics`,
      `/sd                                the ${this.o.fleet.hosts.length} fleet hosts for Prometheus http_sd_configs`,
      '',
    ].join('\n');
  }
}

/**
 * The time a probe may take: the scrape timeout Prometheus sends (`X-Prometheus-Scrape-Timeout-Seconds`)
 * less a margin to read the answer, never more than the module's own timeout.
 */
export function scrapeBudgetMs(header: string | undefined, moduleTimeoutMs: number): number {
  const seconds = header === undefined ? NaN : Number(header);
  if (!Number.isFinite(seconds) || seconds <= 0) return moduleTimeoutMs;
  return Math.max(MIN_BUDGET_MS, Math.min(moduleTimeoutMs, seconds * 1000 - TIMEOUT_OFFSET_MS));
}

/** The families every `/probe` answer starts with: success, duration, the error kind, and the result's age. */
function probeMeta(o: ProbeOutcome, durationMs: number, nowMs: number): MetricFamily[] {
  const kind = o.error?.kind;
  return [
    {
      name: 'vpsdoctor_probe_success',
      type: 'gauge',
      help: 'Whether the probe worked: 1, or 0 with vpsdoctor_probe_error saying why.',
      samples: [{ labels: {}, value: o.error ? 0 : 1 }],
    },
    {
      name: 'vpsdoctor_probe_duration_seconds',
      type: 'gauge',
      unit: 'seconds',
      help: 'How long this scrape of the probe took.',
      samples: [{ labels: {}, value: durationMs / 1000 }],
    },
    {
      name: 'vpsdoctor_probe_error',
      type: 'stateset',
      help: 'Why the probe failed: host_key, auth, unreachable, timeout, parse, config or probe (all 0 when it worked).',
      samples: PROBE_ERROR_KINDS.map((k) => ({ labels: { vpsdoctor_probe_error: k }, value: k === kind ? 1 : 0 })),
    },
    {
      name: 'vpsdoctor_probe_cached',
      type: 'gauge',
      help: '1 when a cap (min_interval, max_syns_per_minute) held a new run back and this is the last result.',
      samples: [{ labels: {}, value: o.held ? 1 : 0 }],
    },
    {
      name: 'vpsdoctor_probe_result_age_seconds',
      type: 'gauge',
      unit: 'seconds',
      help: 'Age of the result served: 0 for a fresh run, more when the caps served the last one.',
      samples: [{ labels: {}, value: o.held ? Math.max(0, (nowMs - o.measuredAtMs) / 1000) : 0 }],
    },
  ];
}
