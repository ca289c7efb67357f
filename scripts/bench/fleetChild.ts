/**
 * Section 6's demo fleet, in its own process so the exporter measured shares nothing with it: starts
 * `startDemoFleet` (no web services, a slow scenario tick), prints one JSON line with where its files are
 * and what the start cost (wall time, this process's CPU-seconds), then runs until its stdin closes or it
 * gets SIGTERM. Usage: fleetChild.ts COUNT DIR
 */
import { startDemoFleet } from '../../src/demo/demoFleet';

export interface FleetReady {
  fleetFile: string;
  sshConfigFile: string;
  aliases: string[];
  startMs: number;
  startCpuSeconds: number;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2]);
  const dir = process.argv[3];
  if (!Number.isInteger(count) || dir === undefined) throw new Error('usage: fleetChild.ts COUNT DIR');
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  const fleet = await startDemoFleet({ count, dir, tickMs: 60_000, services: false });
  const cpu = process.cpuUsage(cpu0);
  const ready: FleetReady = {
    fleetFile: fleet.fleetFile,
    sshConfigFile: fleet.sshConfigFile,
    aliases: fleet.hosts.map((h) => h.alias),
    startMs: Date.now() - t0,
    startCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void fleet.stop().finally(() => process.exit(0));
  };
  process.stdin.on('end', stop).on('error', stop).resume();
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
