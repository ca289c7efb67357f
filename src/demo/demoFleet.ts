import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadOrCreateKeys } from './demoKeys';
import { startDemoService, type DemoService } from './demoService';
import { DEMO_USER, knownHostsLine, renderHostBlock } from './demoSshConfig';
import { startDemoSshServer, type DemoSshServer } from './demoSshServer';
import { Scenario } from './scenario';
import { DEFAULT_BACKUP, NO_BACKUP } from './scenarioState';

/**
 * What a host of the demo fleet suffers from:
 * - `upstream-filter`: the seed's host: tcpsndbuf failcnt climbing during backups, and a web service behind a
 *   per-source SYN filter (a burst of 2, then a block until it refills), so even the exporter's small burst shows it;
 * - `beancounters`: the same failcnt growth, with a service nothing filters;
 * - `healthy`: no failcnt ever grows and nothing filters.
 */
export type FleetScenario = 'upstream-filter' | 'beancounters' | 'healthy';

/** Every fourth host has the seed's whole trouble, the next one only its beancounters, the rest are healthy. */
export function scenarioOf(index: number): FleetScenario {
  return index % 4 === 0 ? 'upstream-filter' : index % 4 === 1 ? 'beancounters' : 'healthy';
}

/**
 * The demo filter of the fleet: a burst of 2, then nothing until both are back (0.75 s): stricter than the single
 * demo host's, so the fleet file's small burst (12 at 4) shows it even when a busy machine slows the client.
 */
const FLEET_FILTER = { ratePerSecond: 4, burst: 2, refillFully: true };

export interface DemoFleetOptions {
  /** Hosts to start, 1..1000. */
  count: number;
  /** Where keys, fake /proc trees, ssh_config, known_hosts and fleet.yml go. */
  dir: string;
  /** Scenario tick, ms (default 5000: a big fleet should not spend its CPU rewriting files). */
  tickMs?: number;
  /** Start each host's web service (default true); a snapshot-only fleet (the bench) can leave them out. */
  services?: boolean;
}

export interface DemoFleetHost {
  alias: string;
  scenario: FleetScenario;
  sshPort: number;
  /** The host's web service on 127.0.0.1, when started. */
  servicePort?: number;
}

export interface DemoFleet {
  hosts: DemoFleetHost[];
  sshConfigFile: string;
  knownHostsFile: string;
  fleetFile: string;
  /** Fault: the host goes away (its SSH server closes every connection and stops listening). */
  stopHost(alias: string): Promise<void>;
  /** Fault: the host comes back on its port with a new host key that known_hosts does not have. */
  changeHostKey(alias: string): Promise<void>;
  /** Fault: while on, the host accepts commands and never answers them. */
  hang(alias: string, on: boolean): void;
  stop(): Promise<void>;
}

interface Running {
  host: DemoFleetHost;
  dir: string;
  scenario: Scenario;
  ssh: DemoSshServer | undefined;
  service: DemoService | undefined;
}

/** `demo-01`...: zero-padded so the names sort. */
export function fleetAlias(index: number, count: number): string {
  return `demo-${String(index + 1).padStart(Math.max(2, String(count).length), '0')}`;
}

/**
 * Starts a fleet of simulated OpenVZ hosts in this process, each with its own SSH server (its own port and
 * host key), fake /proc tree and scenario, and writes what the exporter needs: `ssh_config` (one Host block
 * each), `known_hosts` (so their keys verify) and `fleet.yml`. The client-side timings of the bursts are
 * real; the server counters are simulated, as with the single demo host.
 */
export async function startDemoFleet(o: DemoFleetOptions): Promise<DemoFleet> {
  if (!Number.isInteger(o.count) || o.count < 1 || o.count > 1000)
    throw new RangeError('a demo fleet has 1 to 1000 hosts');
  const dir = resolve(o.dir);
  const hung = new Set<string>();
  const running: Running[] = [];
  const startSsh = async (r: Running, port?: number): Promise<DemoSshServer> => {
    const keys = await loadOrCreateKeys(r.dir);
    return startDemoSshServer({
      hostKey: keys.host.privateText,
      clientKey: keys.client.key,
      user: DEMO_USER,
      root: r.scenario.root,
      hung: () => hung.has(r.host.alias),
      ...(port ? { port } : {}),
    });
  };
  const stopAll = async (): Promise<void> => {
    for (const r of running) {
      await r.service?.stop().catch(() => undefined);
      await r.ssh?.close().catch(() => undefined);
      await r.scenario.stop().catch(() => undefined);
    }
  };
  try {
    for (let i = 0; i < o.count; i++) {
      const alias = fleetAlias(i, o.count);
      const scenarioKind = scenarioOf(i);
      const hostDir = join(dir, 'hosts', alias);
      const scenario = new Scenario({
        root: join(hostDir, 'root'),
        tickMs: o.tickMs ?? 5000,
        seed: i + 1,
        backup: scenarioKind === 'healthy' ? NO_BACKUP : DEFAULT_BACKUP,
        sporadicFailures: scenarioKind !== 'healthy',
      });
      const r: Running = {
        host: { alias, scenario: scenarioKind, sshPort: 0 },
        dir: hostDir,
        scenario,
        ssh: undefined,
        service: undefined,
      };
      running.push(r);
      await scenario.start();
      r.ssh = await startSsh(r);
      r.host.sshPort = r.ssh.port;
      if (o.services !== false) {
        r.service = await startDemoService({
          ...(scenarioKind === 'upstream-filter' ? FLEET_FILTER : { filter: false }),
          onTraffic: (e) => scenario.record(e),
        });
        r.host.servicePort = r.service.port;
      }
    }
    const files = await writeFleetFiles(dir, running);
    const find = (alias: string): Running => {
      const r = running.find((x) => x.host.alias === alias);
      if (!r) throw new RangeError(`no demo host ${alias}`);
      return r;
    };
    let stopping: Promise<void> | undefined;
    return {
      hosts: running.map((r) => r.host),
      ...files,
      stopHost: async (alias) => {
        const r = find(alias);
        await r.ssh?.close();
        r.ssh = undefined;
      },
      changeHostKey: async (alias) => {
        const r = find(alias);
        await r.ssh?.close();
        await rm(join(r.dir, 'host_ed25519'), { force: true });
        r.ssh = await startSsh(r, r.host.sshPort);
      },
      hang: (alias, on) => {
        find(alias);
        if (on) hung.add(alias);
        else hung.delete(alias);
      },
      stop: () => (stopping ??= stopAll()),
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function writeFleetFiles(
  dir: string,
  running: readonly Running[],
): Promise<Pick<DemoFleet, 'sshConfigFile' | 'knownHostsFile' | 'fleetFile'>> {
  const knownHostsFile = join(dir, 'known_hosts');
  const sshConfigFile = join(dir, 'ssh_config');
  const fleetFile = join(dir, 'fleet.yml');
  const known: string[] = [];
  const blocks = [
    '# Generated by `vps-doctor demo --hosts N`: simulated OpenVZ hosts on 127.0.0.1, rewritten on every start.',
    '',
  ];
  for (const r of running) {
    const keys = await loadOrCreateKeys(r.dir);
    known.push(knownHostsLine('127.0.0.1', r.host.sshPort, keys.host.publicLine));
    blocks.push(
      renderHostBlock(r.host.alias, { port: r.host.sshPort, identityFile: keys.client.path, knownHostsFile }),
    );
  }
  await writeFile(knownHostsFile, known.join(''), { mode: 0o600 });
  await writeFile(sshConfigFile, blocks.join('\n'), { mode: 0o600 });
  await writeFile(fleetFile, renderDemoFleetFile(running.map((r) => r.host)), { mode: 0o600 });
  return { sshConfigFile, knownHostsFile, fleetFile };
}

/** The fleet file of the demo fleet: every host with its scenario as a label, and the four modules. */
export function renderDemoFleetFile(hosts: readonly DemoFleetHost[]): string {
  const lines = [
    "# Generated by `vps-doctor demo --hosts N`: the exporter's fleet file for the demo fleet.",
    '# Serve it with: vps-doctor exporter --config fleet.yml',
    'ssh_config: ssh_config',
    'max_concurrent_execs: 16',
    'hosts:',
  ];
  for (const h of hosts) {
    lines.push(`  - target: ${h.alias}`, '    probe_host: 127.0.0.1');
    if (h.servicePort !== undefined) lines.push(`    service_port: ${h.servicePort}`);
    lines.push(`    labels: { scenario: ${h.scenario} }`);
  }
  lines.push(
    'modules:',
    '  snapshot: {}',
    '  # Real hosts: the port of your service; each demo host overrides it with its own service_port.',
    "  # 12 at 4 rather than the default 8 at 2: on loopback only 4 at a time overflow the demo listener's queue.",
    '  tcp_burst: { prober: tcp_burst, port: 80, count: 12, concurrency: 4, min_interval: 5m, max_syns_per_minute: 26 }',
    '  ping: { prober: ping, count: 20, interval: 50ms }',
    '  diagnose: { prober: diagnose, port: 80, ping_count: 20, min_interval: 1h }',
    '',
  );
  return lines.join('\n');
}
