/**
 * Section 6: the exporter at steady state, against the cron alternative. A demo fleet (no web services) of 500
 * hosts runs in its own process (fleetChild.ts); `vps-doctor exporter` (dist/cli.js) runs in another with the
 * whole fleet file, and exporterGauge.cjs preloaded so the exporter reports its own CPU-seconds and, after a full
 * GC, its RSS and heap. Its pool grows by scraping the first 10, then 100, then all 500 hosts: each step first
 * opens the new hosts' connections (an untimed warm-up round, whose handshake cost is reported on its own), then
 * times one round of `snapshot` scrapes over every pooled host. That gives the exporter's CPU-seconds and answer
 * bytes per scrape, and its RSS per pooled host as the slope between steps. A step that the previous step's pace
 * says would not fit the section's budget is skipped, with a line saying so. The baseline is `vps-doctor metrics
 * HOST` run once per host as cron would, under GNU time: CPU, bytes and peak RSS per run. Figures only; nothing
 * here asserts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { FleetReady } from './fleetChild';
import { bytes, line, ratio, ROOT, runMeasured, skipped } from './kit';

const CLI = join(ROOT, 'dist', 'cli.js');
const GAUGE = join(__dirname, 'exporterGauge.cjs');
const SIZES = [10, 100, 500];
/** The section's budget in scripts/bench.mjs; a step predicted to overrun it is skipped, with a line saying so. */
const SECTION_BUDGET_MS = 180_000;
/** Kept for the cron baseline and stopping the fleet, after the last step. */
const RESERVE_MS = 25_000;
const FLEET_START_TIMEOUT_MS = 90_000;
const CLOCK_TICK = 100;
/** Scrapes in flight at once, as a Prometheus with many targets would have. */
const PARALLEL = 16;

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICK;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/** Scrapes every target once, `parallel` at a time; returns the answers' total bytes and how many worked. */
async function round(
  address: string,
  targets: readonly string[],
  parallel: number,
): Promise<{ bytes: number; ok: number }> {
  let next = 0;
  let total = 0;
  let ok = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const t = targets[next++]!;
      const body = await fetch(`http://${address}/probe?target=${t}&module=snapshot`, {
        headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '60' },
      }).then(
        (r) => r.text(),
        () => '',
      );
      total += Buffer.byteLength(body);
      if (/^vpsdoctor_probe_success 1$/m.test(body)) ok++;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return { bytes: total, ok };
}

/** What exporterGauge.cjs writes: the exporter's own CPU-seconds, and its memory after a full GC. */
interface Gauge {
  cpuSeconds: number;
  cpuSecondsAfterGc: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  gcExposed: boolean;
}

interface Exporter {
  child: ChildProcess;
  address: string;
  gauge(): Promise<Gauge>;
}

async function startExporter(fleetFile: string, state: string): Promise<Exporter> {
  const address = `127.0.0.1:${await freePort()}`;
  const gaugeFile = join(state, 'gauge.json');
  mkdirSync(state, { recursive: true });
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--require', GAUGE, CLI, 'exporter', '--config', fleetFile, '--listen', address],
    { stdio: 'ignore', env: { ...process.env, XDG_STATE_HOME: state, VPSD_BENCH_GAUGE: gaugeFile } },
  );
  const gauge = async (): Promise<Gauge> => {
    rmSync(gaugeFile, { force: true });
    child.kill('SIGUSR2');
    // A full GC of a few hundred MB takes well under a second; a heap snapshot (when asked for) longer.
    for (let i = 0; i < 3000; i++) {
      if (existsSync(gaugeFile)) return JSON.parse(readFileSync(gaugeFile, 'utf8')) as Gauge;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the exporter did not answer the gauge signal');
  };
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(`http://${address}/`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, address, gauge };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('the exporter did not start');
}

interface Fleet {
  child: ChildProcess;
  ready: FleetReady;
  stop(): Promise<void>;
}

/** Starts the demo fleet in its own process and waits for its one JSON line. */
function startFleet(count: number, dir: string): Promise<Fleet> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fleetChild.ts'), String(count), dir], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    child.stdin!.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise<Fleet>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the demo fleet of ${count} did not start within ${FLEET_START_TIMEOUT_MS / 1000} s`));
    }, FLEET_START_TIMEOUT_MS);
    createInterface({ input: child.stdout! }).once('line', (l) => {
      clearTimeout(timer);
      resolve({ child, ready: JSON.parse(l) as FleetReady, stop });
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the demo fleet exited: ${stderr.trim().split('\n').pop() ?? ''}`));
    });
  });
}

const perHost = (delta: number, hosts: number): string => bytes(Math.round(delta / hosts));

async function main(): Promise<void> {
  console.log('6. the exporter: snapshot scrapes per target vs cron `metrics` per host');
  if (!existsSync(CLI)) return skipped('dist/cli.js is missing (npm run build)');
  if (!existsSync('/proc/self/stat')) return skipped("needs /proc to read the demo fleet's CPU time");
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-bench-fleet-'));
  const size = SIZES[SIZES.length - 1]!;
  let perScrapeCpu = NaN;
  let perScrapeBytes = NaN;
  const fleet = await startFleet(size, join(dir, 'fleet'));
  try {
    const f = fleet.ready;
    line(
      `demo fleet of ${size} in its own process: started in ${(f.startMs / 1000).toFixed(1)} s, ${f.startCpuSeconds.toFixed(1)} s of its CPU (${((f.startCpuSeconds / size) * 1000).toFixed(1)} ms per host: fake /proc tree, two ed25519 keys, SSH server)`,
    );
    const ex = await startExporter(f.fleetFile, join(dir, 'state'));
    try {
      const idle = await ex.gauge();
      if (!idle.gcExposed) line('note: no full GC before the memory figures (--expose-gc was not honoured)');
      line(
        `exporter with ${size} hosts configured, none pooled: RSS ${bytes(idle.rss)} after a full GC (heap ${bytes(idle.heapUsed)}, external ${bytes(idle.external)})`,
      );
      let before = { hosts: 0, gauge: idle };
      let pace = { connectMs: 0, scrapeMs: 0 };
      for (const n of SIZES) {
        const targets = f.aliases.slice(0, n);
        const fresh = targets.slice(before.hosts);
        // Predicted from the last step's pace, with half again for a machine that got busier.
        const predictedMs = 1.5 * (fresh.length * pace.connectMs + n * pace.scrapeMs);
        const spent = Date.now() - started;
        if (spent + predictedMs > SECTION_BUDGET_MS - RESERVE_MS) {
          line(
            `${n} hosts: skipped: at this run's pace it would take about ${(predictedMs / 1000).toFixed(0)} s, and ${(spent / 1000).toFixed(0)} s of the section's ${SECTION_BUDGET_MS / 1000} s are spent`,
          );
          break;
        }
        // Untimed warm-up: the new hosts' connections open (handshake, host facts, first sample).
        const fleetCpu0 = cpuSeconds(fleet.child.pid!);
        const g0 = await ex.gauge();
        const tc = Date.now();
        const opened = await round(ex.address, fresh, PARALLEL);
        const g1 = await ex.gauge();
        const fleetCpu = cpuSeconds(fleet.child.pid!) - fleetCpu0;
        line(
          `${n} hosts: ${fresh.length} new connections, ${opened.ok} ok, in ${((Date.now() - tc) / 1000).toFixed(1)} s: ${(((g1.cpuSeconds - g0.cpuSecondsAfterGc) / fresh.length) * 1000).toFixed(1)} ms of exporter CPU per new host (handshake, host facts, first sample); the fleet's side ${((fleetCpu / fresh.length) * 1000).toFixed(1)} ms`,
        );
        const t0 = Date.now();
        const timed = await round(ex.address, targets, PARALLEL);
        const g2 = await ex.gauge();
        const cpu = g2.cpuSeconds - g1.cpuSecondsAfterGc;
        perScrapeCpu = cpu / n;
        perScrapeBytes = timed.bytes / n;
        line(
          `${n} hosts: ${timed.ok}/${n} scrapes ok; round ${((Date.now() - t0) / 1000).toFixed(1)} s; exporter CPU ${(perScrapeCpu * 1000).toFixed(1)} ms per scrape (${cpu.toFixed(2)} s); answer ${bytes(perScrapeBytes)} per scrape; 500 hosts every 60 s would use ${((perScrapeCpu * 500) / 60).toFixed(3)} of a core`,
        );
        const added = n - before.hosts;
        line(
          `${n} hosts pooled: exporter RSS ${bytes(g2.rss)} after a full GC; per host pooled since ${before.hosts === 0 ? 'none' : before.hosts}: RSS ${perHost(g2.rss - before.gauge.rss, added)}, heap used ${perHost(g2.heapUsed - before.gauge.heapUsed, added)} (V8's heap reserved ${perHost(g2.heapTotal - before.gauge.heapTotal, added)}), external ${perHost(g2.external - before.gauge.external, added)}`,
        );
        before = { hosts: n, gauge: g2 };
        pace = { connectMs: (t0 - tc) / fresh.length, scrapeMs: (Date.now() - t0) / n };
      }
    } finally {
      ex.child.kill('SIGTERM');
    }
    // The baseline: the one-shot `metrics` command per host, as from cron (a new process, connection and handshake each time).
    const runs = [];
    for (const alias of f.aliases.slice(0, 3)) {
      const r = await runMeasured(
        '/usr/bin/time',
        ['-f', '%U %S', process.execPath, CLI, 'metrics', alias, '-F', f.sshConfigFile, '--format', 'prometheus'],
        60_000,
        { ...process.env, XDG_STATE_HOME: join(dir, 'cron-state') },
      );
      const [user, sys] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
      runs.push({
        cpu: (user ?? NaN) + (sys ?? NaN),
        bytes: Buffer.byteLength(r.stdout),
        rss: r.maxRssKb ?? NaN,
        ok: r.code === 0,
      });
    }
    const cronCpu = runs.reduce((s, r) => s + r.cpu, 0) / runs.length;
    const cronBytes = runs.reduce((s, r) => s + r.bytes, 0) / runs.length;
    const cronRss = runs.reduce((s, r) => s + r.rss, 0) / runs.length;
    line(
      `cron \`metrics\` per host: ${runs.filter((r) => r.ok).length}/${runs.length} ok; ${(cronCpu * 1000).toFixed(0)} ms CPU, ${bytes(cronBytes)} of output, peak RSS ${bytes(cronRss * 1024)} per run`,
    );
    line(
      `ratio, exporter scrape / cron run: CPU ${ratio(perScrapeCpu, cronCpu)}; bytes ${ratio(perScrapeBytes, cronBytes)} (the scrape adds probe_success, the error kinds and the result age)`,
    );
  } finally {
    await fleet.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  line(
    `section 6 took ${((Date.now() - started) / 1000).toFixed(0)} s (load average ${loadavg()[0]!.toFixed(1)} at the end)`,
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
