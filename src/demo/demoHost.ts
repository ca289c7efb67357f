import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadOrCreateKeys } from './demoKeys';
import { startDemoService, type DemoService } from './demoService';
import { DEMO_HOST_ALIAS, DEMO_USER, knownHostsLine, renderSshConfig } from './demoSshConfig';
import { startDemoSshServer, type DemoSshServer } from './demoSshServer';
import { Scenario, type BackupSchedule } from './scenario';

export { DEMO_HOST_ALIAS, DEMO_USER } from './demoSshConfig';

export interface DemoHostOptions {
  /** Where the demo keeps its keys, known_hosts, ssh_config and fake /proc tree (created 0700). */
  stateDir: string;
  /** Scenario tick, ms (default 1000). */
  tickMs?: number;
  backup?: BackupSchedule;
  /** Seed of the scenario's random numbers. */
  seed?: number;
  /** The demo service's simulated per-source filter: connections per second and burst (defaults 3 and 4). */
  service?: { ratePerSecond?: number; burst?: number };
  /** Told about every command line the SSH server refused. */
  onRefused?: (line: string, reason: string) => void;
}

/** A running demo host: everything the normal client path needs to connect to it like to any other host. */
export interface DemoHost {
  /** Simulated OpenVZ host over SSH on 127.0.0.1. */
  sshPort: number;
  /** The demo web service on 127.0.0.1, for burst probes (HTTP on any path). */
  servicePort: number;
  /** Process id of the child owning the service's listening socket. */
  serviceListenerPid: number;
  /** A known_hosts file holding only the demo's host key as `[127.0.0.1]:sshPort`. */
  knownHostsFile: string;
  /** The client's private key (OpenSSH format, 0600); its public key is the only one accepted. */
  identityFile: string;
  /** `vps-doctor-demo`, defined in `sshConfigFile`. */
  hostAlias: string;
  /** An ssh_config for `resolveHost(hostAlias, { configFile })`, or `ssh -F`. */
  sshConfigFile: string;
  /** The scenario's file root (what the catalog scripts read as `/`). */
  scenarioRoot: string;
  /** Stops the SSH server, the service (its child process included) and the scenario. */
  stop(): Promise<void>;
}

/**
 * Starts the built-in demo host: the simulated OpenVZ scenario (the seed's container: tcpsndbuf
 * failcnt climbing during backups, an upstream SYN filter's counters), an SSH server that runs only
 * the catalog's commands against it, and a paced web service whose real connect timings show the SYN
 * retransmissions. The client-side timings are real; the server counters are simulated (they come
 * from the scenario's files, not from this machine's kernel, whose own ListenOverflows the loopback
 * drops do raise). On failure everything started so far is stopped again.
 */
export async function startDemoHost(opts: DemoHostOptions): Promise<DemoHost> {
  const stateDir = resolve(opts.stateDir);
  const keys = await loadOrCreateKeys(stateDir);
  const scenario = new Scenario({
    root: join(stateDir, 'root'),
    ...(opts.tickMs !== undefined ? { tickMs: opts.tickMs } : {}),
    ...(opts.backup !== undefined ? { backup: opts.backup } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
  });
  const started: { stop(): Promise<void> }[] = [];
  try {
    await scenario.start();
    started.push(scenario);
    const ssh: DemoSshServer = await startDemoSshServer({
      hostKey: keys.host.privateText,
      clientKey: keys.client.key,
      user: DEMO_USER,
      root: scenario.root,
      ...(opts.onRefused !== undefined ? { onRefused: opts.onRefused } : {}),
    });
    started.push({ stop: () => ssh.close() });
    const service: DemoService = await startDemoService({ ...opts.service, onTraffic: (e) => scenario.record(e) });
    started.push(service);

    const knownHostsFile = join(stateDir, 'known_hosts');
    const sshConfigFile = join(stateDir, 'ssh_config');
    await writeFile(knownHostsFile, knownHostsLine('127.0.0.1', ssh.port, keys.host.publicLine), { mode: 0o600 });
    await writeFile(
      sshConfigFile,
      renderSshConfig({ port: ssh.port, identityFile: keys.client.path, knownHostsFile }),
      { mode: 0o600 },
    );
    let stopping: Promise<void> | undefined;
    return {
      sshPort: ssh.port,
      servicePort: service.port,
      serviceListenerPid: service.listenerPid,
      knownHostsFile,
      identityFile: keys.client.path,
      hostAlias: DEMO_HOST_ALIAS,
      sshConfigFile,
      scenarioRoot: scenario.root,
      stop: () => (stopping ??= stopAll(started)),
    };
  } catch (e) {
    await stopAll(started);
    throw e;
  }
}

/** Newest first, each awaited; one failing stop does not keep the others running. */
async function stopAll(parts: readonly { stop(): Promise<void> }[]): Promise<void> {
  for (const part of [...parts].reverse()) await part.stop().catch(() => undefined);
}
