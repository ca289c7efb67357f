/**
 * Section 4. The burst probe vs `ab` on loopback, same N and C, against one local keep-alive HTTP server
 * that logs accept times: total time, the launch spread (first-to-last accept and the gaps between
 * accepts, seen by the server for both; plus, for the probe, how late each start was against its own
 * rate-capped schedule), and peak RSS of the process running the burst (GNU time's %M for both). The
 * probe runs bundled in its own plain Node process, so its RSS is its own and not this script's.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { HARD_MAX_RATE_PER_SECOND } from '../../src/core/probes/burstLimits';
import { startAcceptLogServer, type AcceptLogServer } from './acceptLogServer';
import type { BurstChildReport } from './burstChild';
import { bytes, findTool, GNU_TIME, line, median, ms, percentile, ratio, runMeasured, skipped } from './kit';

const CHILD_DEADLINE_MS = 60_000;
/** Each config, and how many runs of each side (alternating, medians): the 1,000 burst takes >= 5 s a run. */
const CONFIGS = [
  { n: 32, c: 4, runs: 7 },
  { n: 1000, c: 32, runs: 2 },
] as const;

interface Run {
  wallMs: number;
  /** The tool's own figure: ab's "Time taken for tests", the probe's runBurst() duration. */
  toolMs: number;
  maxRssKb: number;
  accepts: number[];
  ok: number;
  /** Probe only: start minus scheduled start, ms per attempt (negative: early). */
  lateMs?: number[];
}

interface Spread {
  spanMs: number;
  gapMin: number;
  gapP50: number;
  gapP95: number;
  gapMax: number;
}

function spread(accepts: readonly number[]): Spread {
  const t = [...accepts].sort((a, b) => a - b);
  const gaps = t.slice(1).map((x, i) => x - t[i]!);
  return {
    spanMs: t.length > 0 ? t[t.length - 1]! - t[0]! : NaN,
    gapMin: percentile(gaps, 0),
    gapP50: percentile(gaps, 50),
    gapP95: percentile(gaps, 95),
    gapMax: percentile(gaps, 100),
  };
}

async function runAb(ab: string, server: AcceptLogServer, n: number, c: number): Promise<Run> {
  const r = await runMeasured(
    ab,
    ['-q', '-n', String(n), '-c', String(c), '-s', '10', `http://127.0.0.1:${server.port}/`],
    CHILD_DEADLINE_MS,
  );
  const accepts = server.take();
  if (r.code !== 0) throw new Error(`ab exited ${r.code}: ${r.stderr.trim().split('\n').pop()}`);
  const num = (re: RegExp): number => Number(re.exec(r.stdout)?.[1] ?? NaN);
  const complete = num(/Complete requests:\s+(\d+)/);
  const failed = num(/Failed requests:\s+(\d+)/);
  return {
    wallMs: r.wallMs,
    toolMs: num(/Time taken for tests:\s+([\d.]+) seconds/) * 1000,
    maxRssKb: r.maxRssKb ?? NaN,
    accepts,
    ok: complete - failed,
  };
}

async function runProbe(bundle: string, server: AcceptLogServer, n: number, c: number): Promise<Run> {
  const r = await runMeasured(process.execPath, [bundle, String(server.port), String(n), String(c)], CHILD_DEADLINE_MS);
  // The first connection is the probe's keep-alive control, opened before the burst.
  const accepts = server.take().slice(1);
  if (r.code !== 0) throw new Error(`probe exited ${r.code}: ${r.stderr.trim().split('\n').pop()}`);
  const rep = JSON.parse(r.stdout.trim().split('\n').pop()!) as BurstChildReport;
  return {
    wallMs: r.wallMs,
    toolMs: rep.burstMs,
    maxRssKb: r.maxRssKb ?? rep.maxRssKb,
    accepts,
    ok: rep.httpOk,
    // Attempt i is scheduled no earlier than i gaps after the start: the rate cap's plan.
    lateMs: rep.startMs.map((s, i) => s - i * rep.minStartGapMs),
  };
}

function report(name: string, runs: readonly Run[], n: number): { total: number; span: number; rss: number } {
  const total = median(runs.map((r) => r.wallMs));
  const s = runs.map((r) => spread(r.accepts));
  const span = median(s.map((x) => x.spanMs));
  const rss = median(runs.map((r) => r.maxRssKb)) * 1024;
  const ok = Math.min(...runs.map((r) => r.ok));
  line(
    `  ${name.padEnd(20)} total ${ms(total).padStart(9)} (own timer ${ms(median(runs.map((r) => r.toolMs)))}), ` +
      `accept span ${ms(span)}, gaps min ${ms(median(s.map((x) => x.gapMin)))} / p50 ${ms(median(s.map((x) => x.gapP50)))} / p95 ${ms(median(s.map((x) => x.gapP95)))} / max ${ms(median(s.map((x) => x.gapMax)))}, ` +
      `peak RSS ${bytes(rss)}, ${ok}/${n} answered 200`,
  );
  const late = runs.flatMap((r) => r.lateMs ?? []);
  if (late.length > 0) {
    line(
      `  ${''.padEnd(20)} start offset vs its schedule (negative = early): p50 ${ms(percentile(late, 50))} / p95 ${ms(percentile(late, 95))} / max ${ms(percentile(late, 100))}`,
    );
  }
  return { total, span, rss };
}

async function main(): Promise<void> {
  const gap = 1000 / HARD_MAX_RATE_PER_SECOND;
  console.log('4. burst probe vs ab on loopback, HTTP, same N and C (alternating runs, medians):');
  line(
    `the probe is capped at ${HARD_MAX_RATE_PER_SECOND} starts/s (HARD_MAX_RATE_PER_SECOND; limits are clamped to it, so the bench passes the`,
  );
  line(
    `ceilings and cannot lift it): N starts take >= (N-1) x ${gap} ms. It also sends N keep-alive requests on its control connection.`,
  );
  if (!existsSync(GNU_TIME))
    line(`no ${GNU_TIME} (Debian package time): the probe's RSS is self-reported, ab's is not measured`);
  const ab = findTool('ab');
  if (ab === undefined) skipped('ab baseline: ab not installed (Debian package apache2-utils); probe figures only');
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-bench-burst-'));
  const server = await startAcceptLogServer();
  try {
    const bundle = join(dir, 'burstChild.cjs');
    esbuild.buildSync({
      entryPoints: [join(__dirname, 'burstChild.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node18',
      outfile: bundle,
      logLevel: 'silent',
    });
    const idle = await runMeasured(process.execPath, ['-e', ''], CHILD_DEADLINE_MS);
    line(`floor: an idle Node process peaks at ${bytes((idle.maxRssKb ?? NaN) * 1024)} RSS`);
    for (const { n, c, runs } of CONFIGS) {
      console.log(`  N=${n}, C=${c}, ${runs} runs each:`);
      const probe: Run[] = [];
      const base: Run[] = [];
      for (let i = 0; i < runs; i++) {
        probe.push(await runProbe(bundle, server, n, c));
        if (ab !== undefined) base.push(await runAb(ab, server, n, c));
      }
      const p = report('vps-doctor burst', probe, n);
      if (ab === undefined) continue;
      const b = report(`ab -n ${n} -c ${c}`, base, n);
      line(
        `  ratio probe/ab: total time ${ratio(p.total, b.total)}, accept span ${ratio(p.span, b.span)}, peak RSS ${ratio(p.rss, b.rss)}` +
          ` (probe span / its cap's floor ${ratio(p.span, (n - 1) * gap)})`,
      );
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  skipped(e instanceof Error ? e.message : String(e));
});
