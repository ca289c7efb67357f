/**
 * Section 6. A watch against running the full diagnosis at the same interval, side by side. Each side runs a
 * few rounds in its own process against a loopback HTTP service and this machine's counters (local runner):
 * the watch's light round (32 connections 4 at a time, 2 samples, 20 pings) and the full diagnosis (32 at 4,
 * 3 samples with the idle control, 100 pings). Figures per round, and for an hour at the default 5-minute
 * interval (12 rounds: the scheduler itself only sleeps between them): client CPU (ping included), peak RSS,
 * remote execs and bytes, new connections and pings. Pings are sent 0.2 s apart to keep the section short.
 * Both sides run through tsx, so most of their RSS is the runtime's own: read the ratio.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_COUNT } from '../../src/core/probes/burstLimits';
import { DEFAULT_PING_COUNT } from '../../src/core/probes/pingLimits';
import { WATCH_DEFAULTS } from '../../src/core/watch/watchBudget';
import { bytes, findTool, line, median, ms, ratio, ROOT, skipped } from './kit';

const ROUNDS = 2;
const PER_HOUR = 3_600_000 / WATCH_DEFAULTS.intervalMs;

interface ChildReport {
  rounds: { cpuMs: number; wallMs: number }[];
  execs: number;
  bytes: number;
  maxRssKb: number;
}

function side(name: 'light' | 'full'): ChildReport | string {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts', 'bench', 'watchChild.ts'), name, String(ROUNDS), '0.2'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  if (r.status !== 0)
    return `${name} side failed (${r.status ?? r.signal}): ${r.stderr.trim().split('\n').slice(-2).join(' ')}`;
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ChildReport;
}

if (process.platform !== 'linux') skipped("needs Linux (/proc for the counters and the children's CPU)");
else if (findTool('ping') === undefined) skipped('needs ping: apt-get install iputils-ping');
else {
  const watch = side('light');
  const full = side('full');
  if (typeof watch === 'string' || typeof full === 'string')
    skipped([watch, full].filter((x) => typeof x === 'string').join('; '));
  else {
    const cpu = (s: ChildReport) => median(s.rounds.map((r) => r.cpuMs));
    const wall = (s: ChildReport) => median(s.rounds.map((r) => r.wallMs));
    line(
      `per round, client CPU: watch ${ms(cpu(watch))}, full diagnosis ${ms(cpu(full))}: ${ratio(cpu(watch), cpu(full))}`,
    );
    line(
      `per round, wall time: watch ${ms(wall(watch))}, full diagnosis ${ms(wall(full))}: ${ratio(wall(watch), wall(full))}`,
    );
    line(
      `an hour at ${WATCH_DEFAULTS.intervalMs / 60_000} min (${PER_HOUR} rounds), client CPU: watch ${ms(cpu(watch) * PER_HOUR)}, full diagnosis ${ms(cpu(full) * PER_HOUR)}: ${ratio(cpu(watch), cpu(full))}`,
    );
    line(
      `peak RSS: watch ${bytes(watch.maxRssKb * 1024)}, full diagnosis ${bytes(full.maxRssKb * 1024)}: ${ratio(watch.maxRssKb, full.maxRssKb)}`,
    );
    line(
      `remote per round: watch ${watch.execs} execs, ${bytes(watch.bytes)}; full diagnosis ${full.execs} execs, ${bytes(full.bytes)}: ${ratio(watch.bytes, full.bytes)} the bytes`,
    );
    line(
      `probes per round: watch ${WATCH_DEFAULTS.count + 1} new connections and ${WATCH_DEFAULTS.pingCount} pings; full diagnosis ${DEFAULT_COUNT + 1} and ${DEFAULT_PING_COUNT}: ${ratio(WATCH_DEFAULTS.count + 1, DEFAULT_COUNT + 1)} the connections`,
    );
  }
}
