/**
 * Section 6: the exporter at steady state, against the cron alternative. A demo fleet (no web services) of
 * 10, 100 and 500 hosts runs in this process; `vps-doctor exporter` (dist/cli.js) runs in its own. After one
 * warm-up round (connections opened, host facts read), one timed round of `snapshot` scrapes over every host
 * gives the exporter's CPU-seconds per scrape (from /proc/PID/stat), the bytes of each answer, and its RSS
 * with N pooled hosts. The baseline is `vps-doctor metrics HOST` run once per host as cron would, under GNU
 * time: CPU and bytes per run. Figures only; nothing here asserts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoFleet } from '../../src/demo/demoFleet';
import { bytes, line, ratio, ROOT, runMeasured, skipped } from './kit';

const CLI = join(ROOT, 'dist', 'cli.js');
const SIZES = [10, 100, 500];
/** Stop growing the fleet once this much of the section's time is spent. */
const GROW_UNTIL_MS = 110_000;
const CLOCK_TICK = 100;

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICK;
}

function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
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

async function startExporter(fleetFile: string, state: string): Promise<{ child: ChildProcess; address: string }> {
  const address = `127.0.0.1:${await freePort()}`;
  const child = spawn(process.execPath, [CLI, 'exporter', '--config', fleetFile, '--listen', address], {
    stdio: 'ignore',
    env: { ...process.env, XDG_STATE_HOME: state },
  });
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(`http://${address}/`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, address };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('the exporter did not start');
}

async function main(): Promise<void> {
  console.log('6. the exporter: snapshot scrapes per target vs cron `metrics` per host');
  if (!existsSync(CLI)) return skipped('dist/cli.js is missing (npm run build)');
  if (!existsSync('/proc/self/stat')) return skipped("needs /proc to read the exporter's CPU time");
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-bench-fleet-'));
  let perScrapeCpu = NaN;
  let perScrapeBytes = NaN;
  try {
    for (const n of SIZES) {
      if (Date.now() - started > GROW_UNTIL_MS) {
        line(
          `${n} hosts: skipped, the section's time is spent (${((Date.now() - started) / 1000).toFixed(0)} s so far)`,
        );
        continue;
      }
      const fleet = await startDemoFleet({ count: n, dir: join(dir, `fleet-${n}`), tickMs: 60_000, services: false });
      const targets = fleet.hosts.map((h) => h.alias);
      const ex = await startExporter(fleet.fleetFile, join(dir, `state-${n}`));
      try {
        const idleRss = rssBytes(ex.child.pid!);
        const warm = await round(ex.address, targets, 16);
        const cpu0 = cpuSeconds(ex.child.pid!);
        const t0 = Date.now();
        const timed = await round(ex.address, targets, 16);
        const cpu = cpuSeconds(ex.child.pid!) - cpu0;
        const rss = rssBytes(ex.child.pid!);
        perScrapeCpu = cpu / n;
        perScrapeBytes = timed.bytes / n;
        line(
          `${n} hosts: ${timed.ok}/${n} scrapes ok (warm-up ${warm.ok}/${n}); round ${((Date.now() - t0) / 1000).toFixed(1)} s; exporter CPU ${(perScrapeCpu * 1000).toFixed(1)} ms per scrape (${cpu.toFixed(2)} s); answer ${bytes(perScrapeBytes)} per scrape`,
        );
        line(
          `${n} hosts: exporter RSS ${bytes(rss)} (${bytes(idleRss)} before any host was pooled): ${bytes((rss - idleRss) / n)} per pooled host; 500 hosts every 60 s would use ${((perScrapeCpu * 500) / 60).toFixed(2)} of a core`,
        );
      } finally {
        ex.child.kill('SIGTERM');
        await fleet.stop();
      }
    }
    // The baseline: the one-shot `metrics` command per host, as from cron (a new process, connection and handshake each time).
    const fleet = await startDemoFleet({ count: 3, dir: join(dir, 'cron'), tickMs: 60_000, services: false });
    try {
      const runs = [];
      for (const h of fleet.hosts) {
        const r = await runMeasured(
          '/usr/bin/time',
          [
            '-f',
            '%U %S',
            process.execPath,
            CLI,
            'metrics',
            h.alias,
            '-F',
            fleet.sshConfigFile,
            '--format',
            'prometheus',
          ],
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
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
