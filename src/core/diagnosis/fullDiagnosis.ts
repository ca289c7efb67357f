import { release } from 'node:os';
import { analyzeBeancounters, type BeancounterAnalysis } from '../beancounters/analyzeBeancounters';
import { createReport, type DiagnosisReport } from '../resultModel/resultSchema';
import type { Vantage } from '../resultModel/resultVantage';
import { runBurst, type BurstResult } from '../probes/burst';
import type { BurstAttempt } from '../probes/burstSummary';
import { PingError, runPing, type PingResult } from '../probes/ping';
import { DEFAULT_PING_COUNT } from '../probes/pingLimits';
import type { CommandRunner } from '../remote/runner';
import { takeSample } from '../remote/sampler';
import type { HostSnapshot } from '../remote/snapshot';
import { snapshotBufferRisk } from '../remote/snapshotRisk';
import type { HostFacts } from '../remote/hostFacts';
import type { Virtualization } from '../remote/detectVirtualization';
import { counterDeltas } from './counterDeltas';
import { diagnose } from './diagnose';
import { english, msg, type Localizer } from '../../shared/l10n/localizer';
import { phrase, renderPhrase, type Phrase } from '../../shared/l10n/phrase';

/** The stages of a full diagnosis, reported as they start. */
export type DiagnosisStage = 'snapshot' | 'burst' | 'idle' | 'ping' | 'verdict';

export interface FullDiagnosisOptions {
  /** The server's shell (the SSH runner of the host's one connection, or the demo's). */
  runner: CommandRunner;
  facts?: HostFacts;
  virtualization?: Virtualization;
  /** How the user names the host (ssh alias) and where the probes go. */
  target: { label: string; host: string; port: number; httpPath?: string };
  /** Where to ping; the probe target's host when omitted. */
  pingHost?: string;
  count?: number;
  concurrency?: number;
  /** Ping probes; 0 skips the ping. */
  pingCount?: number;
  pingIntervalSeconds?: number;
  /** Longest idle control interval, ms (it matches the burst's length up to this). */
  maxIdleMs?: number;
  sample: { timeoutMs: number; maxOutputBytes: number; useSudo: boolean };
  demo?: boolean;
  tool: { name: string; version: string };
  /** Where the probes go out from, as the front end knows it (the CLI, or VS Code's local or workspace side). */
  vantage?: Vantage;
  signal?: AbortSignal;
  onStage?: (stage: DiagnosisStage) => void;
  onAttempt?: (a: BurstAttempt) => void;
  /** Each ping reply (null = lost), in send order. */
  onReply?: (seq: number, rttMs: number | null) => void;
  /** Something the run did without, in words (e.g. no usable `ping` on this machine). */
  onWarning?: (message: string) => void;
  /**
   * The language of the warnings and of a failed sample's error (English by default). The report's own texts
   * stay English: RESULT.json is read by scripts, and a front end words it again in its language.
   */
  l?: Localizer;
}

/** When a diagnosis samples the server, in words for the error of a failed sample. */
const MOMENTS = {
  before: msg('before the burst'),
  after: msg('after the burst'),
  idle: msg('after the idle control interval'),
} as const;
export type SampleMoment = keyof typeof MOMENTS;

/**
 * A server sample that failed: the diagnosis cannot say where SYNs died without the server's counters.
 * `phrase` is the message's id and parameters, so a watch round that records it is read in any language.
 */
export class DiagnosisSampleError extends Error {
  constructor(
    message: string,
    readonly phrase?: Phrase,
  ) {
    super(message);
  }
}

/** One server sample for a diagnosis; a failure becomes a {@link DiagnosisSampleError} saying which one. */
export async function sample(
  o: Pick<FullDiagnosisOptions, 'runner' | 'sample' | 'facts' | 'signal' | 'l'>,
  what: SampleMoment,
): Promise<HostSnapshot> {
  const r = await takeSample(o.runner, { ...o.sample, facts: o.facts, signal: o.signal });
  const l = o.l ?? english;
  if (!r.ok) {
    const p = phrase('the server sample {0} failed: {1}', phrase(MOMENTS[what]), r.error.phrase ?? r.error.message);
    throw new DiagnosisSampleError(renderPhrase(p, l), p);
  }
  return r.value;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(t);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const table = (s: HostSnapshot) => (s.beancounters.state === 'ok' ? s.beancounters.table : undefined);
const uptime = (s: HostSnapshot) => (s.uptimeSeconds.state === 'ok' ? s.uptimeSeconds.value : undefined);

/** Failcnt growth from the first to the last sample, for the report and the buffer risk. */
function beancounterGrowth(
  first: HostSnapshot,
  last: HostSnapshot,
): { analysis?: BeancounterAnalysis; growth: Map<string, number> } {
  const t0 = table(first);
  const t1 = table(last);
  if (!t1) return { growth: new Map() };
  const u0 = uptime(first);
  const u1 = uptime(last);
  const analysis = analyzeBeancounters(t1, {
    baseline: t0,
    elapsedSeconds: u0 !== undefined && u1 !== undefined ? u1 - u0 : undefined,
  });
  const only = analysis.containers.length === 1 ? analysis.containers[0] : undefined;
  const growth = new Map(
    (only?.resources ?? []).filter((r) => r.failcntDelta !== undefined).map((r) => [r.name, r.failcntDelta as number]),
  );
  return { analysis, growth };
}

/** The burst of a diagnosis against its target; a cancelled burst rejects with the signal's reason. */
export async function diagnosisBurst(
  o: Pick<FullDiagnosisOptions, 'target' | 'count' | 'concurrency' | 'signal' | 'onAttempt'>,
): Promise<BurstResult> {
  const burst = await runBurst({
    host: o.target.host,
    port: o.target.port,
    count: o.count,
    concurrency: o.concurrency,
    httpPath: o.target.httpPath,
    signal: o.signal,
    onAttempt: o.onAttempt,
  });
  if (burst.cancelled) throw o.signal?.reason ?? new Error('cancelled');
  return burst;
}

/**
 * The ping of a diagnosis. The burst and the server counters still answer where the SYNs died; a missing or
 * broken system ping only costs the loss figure, so the verdict goes on without it and says so (undefined).
 */
export async function pingOrWarn(
  o: Pick<
    FullDiagnosisOptions,
    'target' | 'pingHost' | 'pingCount' | 'pingIntervalSeconds' | 'signal' | 'onReply' | 'onWarning' | 'l'
  >,
): Promise<PingResult | undefined> {
  try {
    return await runPing({
      host: o.pingHost ?? o.target.host,
      count: o.pingCount,
      intervalSeconds: o.pingIntervalSeconds,
      signal: o.signal,
      onReply: o.onReply,
    });
  } catch (err) {
    if (!(err instanceof PingError)) throw err;
    const l = o.l ?? english;
    o.onWarning?.(
      l.t(
        'the ping was skipped: {0}{1}',
        renderPhrase(err.phrase, l),
        err.reason === 'spawn' || err.reason === 'platform' ? l.t(' (install iputils-ping)') : '',
      ),
    );
    return undefined;
  }
}

/**
 * One "Run Full Diagnosis" (docs/method.md §3.2 step 6, §3.4): server snapshot S0, the burst with its
 * keep-alive control, snapshot S1, an idle control interval of the burst's length ending in S2, then the ping
 * (after the counters, so ICMP does not move them), and the verdict with the buffer risk and beancounter growth.
 */
export async function runFullDiagnosis(o: FullDiagnosisOptions): Promise<DiagnosisReport> {
  o.onStage?.('snapshot');
  const s0 = await sample(o, 'before');
  o.onStage?.('burst');
  const started = Date.now();
  const burst = await diagnosisBurst(o);
  const s1 = await sample(o, 'after');
  o.onStage?.('idle');
  await sleep(Math.min(Date.now() - started, o.maxIdleMs ?? 15_000), o.signal);
  const s2 = await sample(o, 'idle');
  let ping: PingResult | undefined;
  if ((o.pingCount ?? DEFAULT_PING_COUNT) > 0) {
    o.onStage?.('ping');
    ping = await pingOrWarn(o);
  }
  o.onStage?.('verdict');
  const { analysis, growth } = beancounterGrowth(s0, s2);
  const bufferRisk = snapshotBufferRisk(s2, growth);
  const deltas = counterDeltas(s0, s1);
  const idleDeltas = counterDeltas(s1, s2);
  const diagnosis = diagnose({
    burst,
    ping,
    deltas,
    idleDeltas,
    risk: bufferRisk,
    virtualization: o.virtualization?.kind,
  });
  return createReport({
    tool: o.tool,
    demo: o.demo ?? false,
    target: { label: o.target.label, host: o.target.host, port: o.target.port },
    client: {
      platform: process.platform,
      release: release(),
      node: process.version,
      synSchedule: burst.schedule,
      ...(o.vantage ? { vantage: o.vantage } : {}),
    },
    server: {
      virtualization: o.virtualization?.label,
      osRelease: o.facts?.osRelease ?? undefined,
      deltas,
      idleDeltas,
    },
    diagnosis,
    burst,
    ...(ping ? { ping } : {}),
    ...(analysis ? { beancounters: analysis } : {}),
    bufferRisk,
  });
}
