/**
 * One side of section 6, in its own Node process so its peak RSS is its own: `light` runs watch rounds
 * (`runLightRound`, the watch's defaults), `full` runs full diagnoses (`runFullDiagnosis`, the diagnose
 * defaults), each against a loopback HTTP service and the local machine's counters through the local runner.
 * Prints JSON: per-round client CPU (this process plus its waited-for children, i.e. ping), wall time, remote
 * execs and bytes, new connections and pings, and the peak RSS.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runFullDiagnosis } from '../../src/core/diagnosis/fullDiagnosis';
import { runLightRound } from '../../src/core/diagnosis/lightDiagnosis';
import { LocalRunner } from '../../src/core/remote/localRunner';
import type { CommandRunner } from '../../src/core/remote/runner';
import type { HostSnapshot } from '../../src/core/remote/snapshot';
import { WATCH_DEFAULTS } from '../../src/core/watch/watchBudget';

const [side, roundsText, pingIntervalText] = process.argv.slice(2);
const rounds = Number(roundsText);
const pingIntervalSeconds = Number(pingIntervalText);

/** CPU ms of this process and of its children that were waited for (ping), from /proc/self/stat. */
function cpuMs(): number {
  const own = process.cpuUsage();
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of stat (cutime, cstime) are the 14th and 15th after the command name, in clock ticks.
  const children = (Number(fields[13]) + Number(fields[14])) * 10;
  return (own.user + own.system) / 1000 + children;
}

async function main(): Promise<void> {
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    req.resume();
    res.writeHead(200, { 'content-length': '3' });
    res.end('ok\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  let execs = 0;
  let bytes = 0;
  const local = new LocalRunner();
  const runner: CommandRunner = {
    exec: async (req) => {
      execs++;
      const r = await local.exec(req);
      bytes += r.stdout.length + r.stderr.length;
      return r;
    },
  };
  const sample = { timeoutMs: 20_000, maxOutputBytes: 4 << 20, useSudo: false };
  const target = { label: 'loopback', host: '127.0.0.1', port, httpPath: '/' };
  const out: { cpuMs: number; wallMs: number }[] = [];
  let previousAfter: HostSnapshot | undefined;
  for (let i = 0; i < rounds; i++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    if (side === 'light') {
      const r = await runLightRound({
        runner,
        target,
        sample,
        count: WATCH_DEFAULTS.count,
        concurrency: WATCH_DEFAULTS.concurrency,
        pingCount: WATCH_DEFAULTS.pingCount,
        pingIntervalSeconds,
        ...(previousAfter ? { previousAfter } : {}),
      });
      previousAfter = r.after;
    } else {
      await runFullDiagnosis({ runner, target, sample, pingIntervalSeconds, tool: { name: 'bench', version: '0' } });
    }
    out.push({ cpuMs: cpuMs() - c0, wallMs: performance.now() - t0 });
  }
  server.close();
  process.stdout.write(
    `${JSON.stringify({ rounds: out, execs: execs / rounds, bytes: bytes / rounds, maxRssKb: process.resourceUsage().maxRSS })}\n`,
  );
}

void main();
