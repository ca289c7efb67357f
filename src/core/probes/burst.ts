import { lookup } from 'node:dns/promises';
import { isIP, type Socket } from 'node:net';
import { DEFAULT_LIMITS, planBurst, type BurstLimits } from './burstLimits';
import { closeGently, msSince, requestStatus, timedConnect } from './burstConnect';
import { holdConnection, keepAliveRequests, type KeepAliveControl } from './burstKeepAlive';
import { summarizeBurst, type BurstAttempt, type BurstSummary } from './burstSummary';
import { classifyConnect, clientSynSchedule, type SynSchedule } from './synSchedule';

export type { BurstAttempt, BurstSummary } from './burstSummary';
export type { KeepAliveControl } from './burstKeepAlive';

/** Everything one burst measured. Times are ms; `startedAt` is an ISO timestamp. */
export interface BurstResult {
  target: { host: string; ip: string; port: number };
  startedAt: string;
  count: number;
  concurrency: number;
  mode: 'tcp' | 'http';
  /** The path's RTT without loss, ms: given, or the fastest connect of the run, or (every connect delayed) `measureBaseline` after the burst. */
  baselineRttMs: number;
  schedule: SynSchedule;
  /** Attempts that finished, by index; on cancel, the ones still in flight are left out. */
  attempts: BurstAttempt[];
  keepAlive: KeepAliveControl;
  summary: BurstSummary;
  /** True when the probe was cancelled: the result holds only what was measured until then. */
  cancelled?: boolean;
}

export interface BurstOptions {
  host: string;
  port: number;
  /** New connections to open (default 32, capped by `limits`). */
  count?: number;
  /** How many at a time (default 4). */
  concurrency?: number;
  /** HTTP mode: send one `GET httpPath` on each connection; the control sends `count` over one connection. */
  httpPath?: string;
  /** Per-attempt deadline, ms; default: the third retransmission of the schedule plus 1 s. */
  attemptTimeoutMs?: number;
  signal?: AbortSignal;
  onAttempt?: (a: BurstAttempt) => void;
  /** Skip the baseline connects and use this RTT, ms. */
  baselineRttMs?: number;
  /** The client's schedule; default `clientSynSchedule()` of this machine. */
  schedule?: SynSchedule;
  /** Settings-level caps, clamped to the hard ceilings of `burstLimits.ts`. */
  limits?: BurstLimits;
}

/** Baseline connects: a few, spaced so they do not trip a rate limit themselves (§3.2 step 2). */
export const BASELINE_CONNECTS = 3;
export const BASELINE_SPACING_MS = 200;

/**
 * Runs the burst probe (docs/method.md §3.2): resolve the host once, open the keep-alive control
 * connection, then open `count` new connections `concurrency` at a time to the IP literal, take the baseline
 * RTT from the fastest connect, classify each connect time against the client's SYN schedule, and summarise.
 * `onAttempt` sees a provisional classification against the control connection's connect time.
 * Rejects when the host does not resolve, or (with the signal's reason) when cancelled before the burst starts;
 * cancelled during the burst it resolves at once with what was measured and `cancelled: true`.
 */
export async function runBurst(opts: BurstOptions): Promise<BurstResult> {
  const startedAt = new Date().toISOString();
  const plan = planBurst(opts.count, opts.concurrency, opts.limits ?? DEFAULT_LIMITS);
  const schedule = opts.schedule ?? clientSynSchedule();
  const timeoutMs = opts.attemptTimeoutMs ?? defaultAttemptTimeoutMs(schedule);
  const mode = opts.httpPath === undefined ? 'tcp' : 'http';
  const ip = isIP(opts.host) ? opts.host : (await lookup(opts.host, { verbatim: true })).address;
  opts.signal?.throwIfAborted();
  const target = { host: opts.host, ip, port: opts.port };
  const closer = new Closer();

  // No baseline connects before the burst: a per-source SYN limiter would count them and spend its burst
  // allowance before the burst starts, hiding the "first attempts fast, later ones delayed" signature
  // (docs/method.md §3.2 step 5). The control connection is the only SYN sent first; its connect
  // time is the provisional baseline for live classification, and the final one is chosen after the burst.
  const control = await timedConnect(ip, opts.port, timeoutMs, opts.signal);
  const provisionalRttMs = opts.baselineRttMs ?? (control.kind === 'connected' ? control.connectMs : 0);
  if (opts.signal?.aborted) {
    if (control.kind === 'connected') control.socket.destroy();
    closer.destroyAll();
    opts.signal.throwIfAborted();
  }
  const held = control.kind === 'connected' ? control.socket : undefined;
  const controlWork: Promise<KeepAliveControl> = !held
    ? Promise.resolve({
        requests: mode === 'http' ? plan.count : 1,
        failed: mode === 'http' ? plan.count : 1,
        timesMs: [],
        error: `the control connection failed: ${control.kind === 'error' ? control.error.meaning : 'cancelled'}`,
      })
    : mode === 'http'
      ? keepAliveRequests({
          socket: held,
          host: opts.host,
          path: opts.httpPath ?? '/',
          count: plan.count,
          timeoutMs,
          signal: opts.signal,
        })
      : Promise.resolve({ requests: 1, failed: 0, timesMs: [control.kind === 'connected' ? control.connectMs : 0] });
  const watch = held && mode === 'tcp' ? holdConnection(held) : undefined;

  const attempts: BurstAttempt[] = [];
  const t0 = process.hrtime.bigint();
  let next = 0;
  // Rate cap: starts pass one gate in turn, each at least minStartGapMs after the previous actual start, so a
  // timer that fires late never lets the next start follow closer than the gap.
  let gate: Promise<void> = Promise.resolve();
  let lastStart = -Infinity;
  const startGate = (): Promise<void> =>
    (gate = gate.then(async () => {
      // Timers count whole milliseconds and may fire a fraction early: wait again until the gap is really there.
      for (
        let wait = lastStart + plan.minStartGapMs - msSince(t0);
        wait > 0;
        wait = lastStart + plan.minStartGapMs - msSince(t0)
      ) {
        await new Promise((r) => setTimeout(r, Math.ceil(wait)));
      }
      lastStart = msSince(t0);
    }));
  const worker = async (): Promise<void> => {
    while (next < plan.count && !opts.signal?.aborted) {
      const index = next++;
      await startGate();
      if (opts.signal?.aborted) return;
      const attempt = await oneAttempt(index, msSince(t0));
      if (!attempt) return;
      attempts.push(attempt);
      opts.onAttempt?.(attempt);
    }
  };
  const oneAttempt = async (index: number, startMs: number): Promise<BurstAttempt | undefined> => {
    const outcome = await timedConnect(ip, opts.port, timeoutMs, opts.signal);
    if (outcome.kind === 'aborted') return undefined;
    if (outcome.kind === 'error')
      return {
        index,
        startMs,
        connectMs: null,
        ...classifyConnect(null, provisionalRttMs, schedule),
        error: outcome.error,
      };
    const attempt: BurstAttempt = {
      index,
      startMs,
      connectMs: outcome.connectMs,
      ...classifyConnect(outcome.connectMs, provisionalRttMs, schedule),
    };
    if (mode === 'http') {
      const reply = await requestStatus(outcome.socket, opts.host, opts.httpPath ?? '/', timeoutMs, opts.signal);
      if ('status' in reply) attempt.httpStatus = reply.status;
      else if ('error' in reply) attempt.error = reply.error;
    }
    closer.close(outcome.socket);
    return attempt;
  };

  const [keepAliveResult] = await Promise.all([
    controlWork,
    Promise.all(Array.from({ length: plan.concurrency }, worker)),
  ]);
  const lost = watch?.check();
  const keepAlive: KeepAliveControl = {
    ...keepAliveResult,
    ...(control.kind === 'connected' ? { connectMs: control.connectMs } : {}),
    ...(lost !== undefined ? { failed: 1, error: lost } : {}),
  };
  if (held) closer.close(held);
  const cancelled = opts.signal?.aborted === true;
  // On cancel nobody waits for FINs: the sockets are destroyed and the promise settles at once.
  if (cancelled) closer.destroyAll();
  await closer.settled();
  attempts.sort((a, b) => a.index - b.index);
  const baselineRttMs =
    opts.baselineRttMs ??
    fastestConnect(
      [control.kind === 'connected' ? control.connectMs : null, ...attempts.map((a) => a.connectMs)],
      schedule,
    ) ??
    (cancelled ? provisionalRttMs : await measureBaseline(ip, opts.port, schedule, timeoutMs, opts.signal, closer));
  for (const a of attempts) Object.assign(a, classifyConnect(a.connectMs, baselineRttMs, schedule));
  return {
    target,
    startedAt,
    count: plan.count,
    concurrency: plan.concurrency,
    mode,
    baselineRttMs,
    schedule,
    attempts,
    keepAlive,
    summary: summarizeBurst(attempts, mode),
    ...(cancelled ? { cancelled } : {}),
  };
}

/**
 * The path's RTT from the connects already made, ms: the fastest one, since no connect beats the RTT and one
 * that waited for a retransmission is at least an initial RTO slower. Undefined when even the fastest is more
 * than half an initial RTO (every connect was delayed: spaced baseline connects must measure it instead).
 */
export function fastestConnect(connectMs: readonly (number | null)[], schedule: SynSchedule): number | undefined {
  const ok = connectMs.filter((x): x is number => x !== null && Number.isFinite(x));
  if (ok.length === 0) return undefined;
  const min = Math.min(...ok);
  return min < schedule.initialRtoMs / 2 ? min : undefined;
}

/** Per-attempt deadline: just above the third retransmission, so k = 1..3 are measured and one probe never hangs. */
export function defaultAttemptTimeoutMs(schedule: SynSchedule): number {
  return Math.min(schedule.pointsMs[2] ?? schedule.giveUpMs, schedule.giveUpMs) + 1000;
}

/**
 * Baseline RTT, ms: BASELINE_CONNECTS connects BASELINE_SPACING_MS apart, closed at once. A connect that
 * itself waited for a retransmission (half an initial RTO above the fastest) says nothing about the RTT and
 * is left out; the median of the rest is the baseline. 0 when none succeeded (every delay then counts as excess).
 */
export async function measureBaseline(
  ip: string,
  port: number,
  schedule: SynSchedule,
  timeoutMs: number,
  signal?: AbortSignal,
  closer = new Closer(),
): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < BASELINE_CONNECTS && !signal?.aborted; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, BASELINE_SPACING_MS));
    const outcome = await timedConnect(ip, port, timeoutMs, signal);
    if (outcome.kind === 'connected') {
      samples.push(outcome.connectMs);
      closer.close(outcome.socket);
    }
  }
  if (signal?.aborted) {
    closer.destroyAll();
    signal.throwIfAborted();
  }
  return baselineFromSamples(samples, schedule.initialRtoMs);
}

/** The baseline rule of `measureBaseline` on recorded samples (ms). */
export function baselineFromSamples(samplesMs: readonly number[], initialRtoMs: number): number {
  if (samplesMs.length === 0) return 0;
  const fastest = Math.min(...samplesMs);
  const kept = samplesMs.filter((s) => s - fastest < 0.5 * initialRtoMs).sort((a, b) => a - b);
  return kept[Math.floor((kept.length - 1) / 2)];
}

/** Closes sockets gently in the background and can wait for them all, or destroy the ones still closing. */
export class Closer {
  private readonly open = new Set<Socket>();
  private readonly pending: Promise<void>[] = [];

  close(socket: Socket): void {
    this.open.add(socket);
    this.pending.push(
      closeGently(socket).then(() => {
        this.open.delete(socket);
      }),
    );
  }

  destroyAll(): void {
    for (const socket of this.open) socket.destroy();
  }

  settled(): Promise<void> {
    return Promise.all(this.pending).then(() => undefined);
  }
}
