/**
 * One full diagnosis inside the lab, as the product runs it against a real server: snapshot S0 of the vps,
 * the burst from the client namespace, snapshot S1, then an idle control pair S2..S3 over the same length
 * of time (docs/method.md §6.3), and the diagnosis of it all.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { counterDeltas } from '../../../src/core/diagnosis/counterDeltas';
import { diagnose } from '../../../src/core/diagnosis/diagnose';
import type { Diagnosis } from '../../../src/core/diagnosis/types';
import type { BurstResult } from '../../../src/core/probes/burst';
import type { PingResult } from '../../../src/core/probes/ping';
import { takeSample } from '../../../src/core/remote/sampler';
import type { HostSnapshot } from '../../../src/core/remote/snapshot';
import { ADDR, type Lab } from './lab';
import { netnsRunner } from './netnsRunner';

const DRIVER = join('test', 'lab', 'helpers', 'probeDriver.ts');

/** Small bursts and short deadlines keep the lab tier within minutes on 2 cores. */
export const LAB_BURST = { count: 32, concurrency: 4, attemptTimeoutMs: 2500 } as const;

export interface ScenarioRun {
  burst: BurstResult;
  deltas: Record<string, number>;
  idleDeltas: Record<string, number>;
  diagnosis: Diagnosis;
}

/** Runs a probe in the client namespace through the driver and returns its JSON. */
export async function probe<T>(lab: Lab, args: string[], timeoutMs = 120_000): Promise<T> {
  const r = await lab.exec(lab.client, [process.execPath, '--import', 'tsx', DRIVER, ...args], timeoutMs);
  if (r.code !== 0) throw new Error(`probe ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
  return JSON.parse(r.stdout) as T;
}

export interface BurstPlan {
  port: number;
  /** HTTP mode with a keep-alive control of GETs; TCP mode without. */
  httpPath?: string;
  /**
   * Skip the probe's baseline connects and take this RTT (ms), as the seed's `ab -n 32 -c 4` did: the
   * baseline's spaced SYNs would otherwise use up part of a per-source limiter's burst allowance.
   */
  baselineRttMs?: number;
}

export function runBurstIn(lab: Lab, plan: BurstPlan): Promise<BurstResult> {
  const { count, concurrency, attemptTimeoutMs } = LAB_BURST;
  return probe<BurstResult>(lab, [
    'burst',
    `--host=${ADDR.vps}`,
    `--port=${plan.port}`,
    `--count=${count}`,
    `--concurrency=${concurrency}`,
    `--attemptTimeoutMs=${attemptTimeoutMs}`,
    ...(plan.httpPath === undefined ? [] : [`--httpPath=${plan.httpPath}`]),
    ...(plan.baselineRttMs === undefined ? [] : [`--baselineRttMs=${plan.baselineRttMs}`]),
  ]);
}

export function runPingIn(lab: Lab, count: number, intervalSeconds: number): Promise<PingResult> {
  return probe<PingResult>(lab, [
    'ping',
    `--host=${ADDR.vps}`,
    `--count=${count}`,
    `--intervalSeconds=${intervalSeconds}`,
  ]);
}

/** One snapshot of the vps namespace through the sampler, as over SSH. */
export async function snapshotOf(lab: Lab): Promise<HostSnapshot> {
  const r = await takeSample(netnsRunner(lab.vps), { timeoutMs: 15_000, maxOutputBytes: 1 << 20, useSudo: false });
  if (!r.ok) throw new Error(`sampling the vps namespace failed: ${r.error.message}`);
  return r.value;
}

/** S0, burst, S1, then the idle pair of the same length, then the diagnosis. */
export async function diagnoseInLab(
  lab: Lab,
  opts: BurstPlan & { name: string; ping?: PingResult },
): Promise<ScenarioRun> {
  const s0 = await snapshotOf(lab);
  const t0 = performance.now();
  const burst = await runBurstIn(lab, opts);
  const s1 = await snapshotOf(lab);
  const burstMs = performance.now() - t0;
  const s2 = await snapshotOf(lab);
  await sleep(burstMs);
  const s3 = await snapshotOf(lab);
  const deltas = counterDeltas(s0, s1);
  const idleDeltas = counterDeltas(s2, s3);
  const diagnosis = diagnose({ burst, deltas, idleDeltas, ...(opts.ping === undefined ? {} : { ping: opts.ping }) });
  record(opts.name, { burst, deltas, idleDeltas, ...(opts.ping === undefined ? {} : { ping: opts.ping }) });
  return { burst, deltas, idleDeltas, diagnosis };
}

/**
 * With VPSD_LAB_RECORD=<dir>, writes the evidence of a run there, so the unit tests' fixtures in
 * test/fixtures/diagnosis/ can be refreshed from real lab runs.
 */
function record(name: string, evidence: object): void {
  const dir = process.env.VPSD_LAB_RECORD;
  if (dir !== undefined && dir !== '')
    writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(evidence, null, 1)}\n`);
}
