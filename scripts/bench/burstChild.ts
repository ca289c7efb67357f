/**
 * Child of burstBench.ts, bundled by esbuild and run by plain Node (as the CLI ships), so its peak RSS is
 * the probe's alone: `node burstChild.cjs <port> <count> <concurrency>`. Runs one HTTP burst against
 * 127.0.0.1 with the highest limits the hard ceilings allow, and prints one JSON line (times in ms,
 * memory in kilobytes).
 */
import { runBurst } from '../../src/core/probes/burst';
import { DEFAULT_LIMITS, planBurst } from '../../src/core/probes/burstLimits';

export interface BurstChildReport {
  /** runBurst() call to its result. */
  burstMs: number;
  /** The rate cap's spacing between starts. */
  minStartGapMs: number;
  /** Per attempt in index order: when connect() was called, ms after the burst started. */
  startMs: number[];
  connected: number;
  httpOk: number;
  keepAliveRequests: number;
  keepAliveFailed: number;
  /** Peak RSS of this process, as process.resourceUsage() reports it. */
  maxRssKb: number;
}

async function main(): Promise<void> {
  const [port, count, concurrency] = process.argv.slice(2).map(Number) as [number, number, number];
  // DEFAULT_LIMITS are the hard ceilings (1,000 connections, 64 at a time, 200 starts/s): nothing can lift them further.
  const plan = planBurst(count, concurrency, DEFAULT_LIMITS);
  const t0 = process.hrtime.bigint();
  const r = await runBurst({ host: '127.0.0.1', port, count, concurrency, httpPath: '/', limits: DEFAULT_LIMITS });
  const burstMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const report: BurstChildReport = {
    burstMs,
    minStartGapMs: plan.minStartGapMs,
    startMs: r.attempts.map((a) => a.startMs),
    connected: r.attempts.filter((a) => a.connectMs !== null).length,
    httpOk: r.attempts.filter((a) => a.httpStatus === 200).length,
    keepAliveRequests: r.keepAlive.requests,
    keepAliveFailed: r.keepAlive.failed,
    maxRssKb: process.resourceUsage().maxRSS,
  };
  console.log(JSON.stringify(report));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
