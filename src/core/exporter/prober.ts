import { runFullDiagnosis } from '../diagnosis/fullDiagnosis';
import { DEFAULT_SAMPLE_MAX_OUTPUT_BYTES } from '../remote/sampleLimits';
import type { VerdictId } from '../diagnosis/types';
import { runBurst, type BurstOptions, type BurstResult } from '../probes/burst';
import { runPing, type PingResult, type RunPingOptions } from '../probes/ping';
import type { CommandRunner } from '../remote/runner';
import type { HostSession } from '../session/hostSession';
import { snapshotFamilies } from '../report/openMetrics';
import { probeFamilies } from '../report/openMetricsProbes';
import type { MetricFamily } from '../report/openMetricsWriter';
import type { FleetHost, FleetModule } from './fleetFile';
import type { HostPool } from './hostPool';
import { ProbeCaps, Semaphore, type Held } from './probeCaps';
import { asProbeError, ProbeError } from './probeError';

/** What one scrape of `/probe` found: the module's families, or the error; `held` when the caps served an older result. */
export interface ProbeOutcome {
  families: MetricFamily[];
  error?: ProbeError;
  /** ms since the epoch when the result served was measured. */
  measuredAtMs: number;
  /** Set when the caps held a new run back and this is the last result. */
  held?: Held;
}

type Report = Awaited<ReturnType<typeof runFullDiagnosis>>;

export interface ProberDeps {
  pool: HostPool;
  /** The global cap on remote commands running at once. */
  execs: Semaphore;
  now: () => number;
  tool: { name: string; version: string };
  /** Deadline of each remote command, ms. */
  commandTimeoutMs: number;
  /** Replaceable in tests. */
  burst?: (o: BurstOptions) => Promise<BurstResult>;
  ping?: (o: RunPingOptions) => Promise<PingResult>;
  diagnosis?: typeof runFullDiagnosis;
}

/** Every verdict, for the stateset (a missing one would be a type error here). */
const VERDICTS = Object.keys({
  healthy: 1,
  'upstream-syn-filter': 1,
  'host-firewall-drop': 1,
  'path-loss': 1,
  'return-path-loss': 1,
  'accept-queue-overflow': 1,
  'syn-queue-full': 1,
  'conntrack-full': 1,
  'beancounter-numtcpsock': 1,
  'beancounter-sockbuf': 1,
  'connection-refused': 1,
  inconclusive: 1,
} satisfies Record<VerdictId, 1>) as VerdictId[];

/**
 * Runs a fleet module against a host at scrape time. The snapshot goes over the host's pooled
 * connection; probes that open new connections (`tcp_burst`, `diagnose`) pass the caps first, and a scrape
 * the caps hold back gets the last result with its age. A run outlives a scrape that gave up on it: its
 * result is kept for the next scrape. Remote commands pass the global exec cap.
 */
export class Prober {
  readonly caps: ProbeCaps;
  private readonly last = new Map<string, ProbeOutcome>();
  private readonly running = new Map<string, Promise<ProbeOutcome>>();

  constructor(private readonly d: ProberDeps) {
    this.caps = new ProbeCaps(d.now);
  }

  /** The outcome of `module` on `host` within `budgetMs`; never rejects. */
  async probe(host: FleetHost, module: FleetModule, budgetMs: number): Promise<ProbeOutcome> {
    const key = `${host.target}\u0000${module.name}`;
    let run = this.running.get(key);
    if (run === undefined) {
      const started = this.start(host, module, key);
      if ('held' in started) return started.held;
      run = started.run;
    }
    return withDeadline(run, budgetMs, () =>
      this.failed(
        new ProbeError(
          'timeout',
          `${module.name} on ${host.target} did not finish within the scrape's ${(budgetMs / 1000).toFixed(1)} s; its result is kept for the next scrape.`,
        ),
      ),
    );
  }

  private start(
    host: FleetHost,
    module: FleetModule,
    key: string,
  ): { run: Promise<ProbeOutcome> } | { held: ProbeOutcome } {
    if (module.prober === 'tcp_burst' || module.prober === 'diagnose') {
      const gate = this.caps.tryStart(host.target, module.name, module.caps, module.count + 1);
      if (!gate.ok) {
        const previous = this.last.get(key);
        const held: Held = { reason: gate.reason, retryInMs: gate.retryInMs };
        const why = gate.reason === 'min_interval' ? 'its min_interval' : 'the max_syns_per_minute budget';
        return {
          held: previous
            ? { ...previous, held }
            : {
                ...this.failed(
                  new ProbeError(
                    'probe',
                    `${module.name} on ${host.target} is held back by ${why} for ${Math.ceil(gate.retryInMs / 1000)} s and has no earlier result.`,
                  ),
                ),
                held,
              },
        };
      }
    }
    const measuredAtMs = this.d.now();
    const run = this.runModule(host, module)
      .then(
        (families): ProbeOutcome => ({ families, measuredAtMs }),
        (err: unknown): ProbeOutcome => ({ families: [], error: asProbeError(err), measuredAtMs }),
      )
      .then((outcome) => {
        // Only the capped probes serve an older result; a snapshot's families are not worth keeping per host.
        if (module.prober === 'tcp_burst' || module.prober === 'diagnose') this.last.set(key, outcome);
        this.running.delete(key);
        return outcome;
      });
    this.running.set(key, run);
    return { run };
  }

  private failed(error: ProbeError): ProbeOutcome {
    return { families: [], error, measuredAtMs: this.d.now() };
  }

  private async runModule(host: FleetHost, module: FleetModule): Promise<MetricFamily[]> {
    switch (module.prober) {
      case 'snapshot': {
        const { session } = this.d.pool.get(host);
        // A link that just dropped is retried after a short backoff: let that attempt decide (back up, or
        // refused with its reason, e.g. a changed host key) rather than answer "reconnecting".
        if (session.state.kind === 'reconnecting') await nextState(session, RECONNECT_WAIT_MS);
        const view = await this.d.execs.run(() => session.sampleNow());
        return snapshotFamilies(view.snapshot);
      }
      case 'tcp_burst': {
        const address = await this.d.pool.probeAddress(host);
        const burst = await (this.d.burst ?? runBurst)({
          host: address,
          port: host.servicePort ?? module.port,
          count: module.count,
          concurrency: module.concurrency,
          ...(module.httpPath ? { httpPath: module.httpPath } : {}),
        });
        return probeFamilies({ burst });
      }
      case 'ping': {
        const address = await this.d.pool.probeAddress(host);
        const ping = await (this.d.ping ?? runPing)({
          host: address,
          count: module.count,
          intervalSeconds: module.intervalSeconds,
        });
        return probeFamilies({ ping });
      }
      case 'diagnose': {
        const { session } = this.d.pool.get(host);
        await session.connect();
        const address = host.probeHost ?? session.address?.hostName ?? (await this.d.pool.probeAddress(host));
        const report = await (this.d.diagnosis ?? runFullDiagnosis)({
          runner: limited(session.runner(), this.d.execs),
          facts: session.facts,
          virtualization: session.virtualization,
          target: {
            label: host.target,
            host: address,
            port: host.servicePort ?? module.port,
            ...(module.httpPath ? { httpPath: module.httpPath } : {}),
          },
          count: module.count,
          concurrency: module.concurrency,
          pingCount: module.pingCount,
          sample: {
            timeoutMs: this.d.commandTimeoutMs,
            maxOutputBytes: DEFAULT_SAMPLE_MAX_OUTPUT_BYTES,
            useSudo: true,
          },
          tool: this.d.tool,
        });
        return diagnosisFamilies(report);
      }
    }
  }
}

function diagnosisFamilies(report: Report): MetricFamily[] {
  const name = 'vpsdoctor_diagnosis_verdict';
  return [
    {
      name,
      type: 'stateset',
      help: 'The verdict of the latest full diagnosis: where the SYNs died (docs/method.md §3.4); exactly one is 1.',
      samples: VERDICTS.map((v) => ({ labels: { [name]: v }, value: v === report.diagnosis.verdict ? 1 : 0 })),
    },
    ...probeFamilies({ burst: report.burst, ...(report.ping ? { ping: report.ping } : {}) }),
  ];
}

/** How long a scrape waits for a reconnect attempt in progress; the scrape's own budget still applies. */
const RECONNECT_WAIT_MS = 5000;

/** Resolves at the session's next state change, or after `ms`. */
function nextState(session: HostSession, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const sub = session.onDidChangeState(done);
  });
}

/** A runner whose commands pass the semaphore. */
function limited(runner: CommandRunner, execs: Semaphore): CommandRunner {
  return { exec: (req) => execs.run(() => runner.exec(req)) };
}

/** The promise's value, or `late()` once `ms` passed; the promise itself runs on. */
function withDeadline<T>(p: Promise<T>, ms: number, late: () => T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(late()), Math.max(0, ms));
    void p.then((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}
