import { HostSession, type HostTarget, type LinkFactory, type SessionDeps } from '../session/hostSession';
import { DEFAULT_SAMPLE_MAX_OUTPUT_BYTES } from '../remote/sampleLimits';
import { resolveTarget } from '../session/resolveTarget';
import type { FleetHost } from './fleetFile';

/** One pooled host: its session (one SSH connection, reused by every scrape) and what it went through. */
export interface PooledHost {
  readonly host: FleetHost;
  readonly session: HostSession;
  /** Times the connection dropped and the reconnect loop took over. */
  reconnects: number;
}

export interface HostPoolOptions {
  /** The exporter's trust store and history directory. */
  storeDir: string;
  log: SessionDeps['log'];
  env: NodeJS.ProcessEnv;
  /** Like `ssh -F`. */
  sshConfig?: string;
  /** Deadline of each remote command, ms. */
  commandTimeoutMs: number;
  /** For tests: how to reach a host (default SSH). */
  openLink?: LinkFactory;
}

/** How a fleet target names the host in a session: an alias stays an alias, `user@host:port` is typed by hand. */
export function hostTargetOf(target: string): HostTarget {
  return /[@:[]/.test(target)
    ? { id: `manual:${target}`, label: target, alias: target, source: 'settings' }
    : { id: `ssh:${target}`, label: target, alias: target, source: 'ssh-config' };
}

/**
 * One SSH connection per fleet host, opened on the first scrape that needs it and kept: later scrapes
 * reuse it, and a dropped one comes back through the session's reconnect with backoff. Host keys are
 * checked strictly: an unknown or changed key is refused and reported, never accepted (there is nobody
 * to ask). Sampling happens only when a scrape asks: the session's own loop stays paused.
 */
export class HostPool {
  private readonly hosts = new Map<string, PooledHost>();
  private readonly addresses = new Map<string, Promise<string>>();

  constructor(private readonly o: HostPoolOptions) {}

  get(host: FleetHost): PooledHost {
    const existing = this.hosts.get(host.target);
    if (existing) return existing;
    const deps: SessionDeps = {
      prompts: {},
      log: this.o.log,
      keepHistory: false,
      keepLatest: false,
      storeDir: this.o.storeDir,
      env: this.o.env,
      settings: {
        hostKeyChecking: 'yes',
        sampleIntervalMs: 60_000,
        hiddenIntervalMs: null,
        useSudo: true,
        timeoutMs: this.o.commandTimeoutMs,
        maxOutputBytes: DEFAULT_SAMPLE_MAX_OUTPUT_BYTES,
        ...(this.o.sshConfig !== undefined ? { sshConfigFile: this.o.sshConfig } : {}),
      },
      ...(this.o.openLink ? { openLink: this.o.openLink } : {}),
    };
    const session = new HostSession(hostTargetOf(host.target), deps);
    // Hidden with no hidden interval: the session samples only when a scrape asks.
    session.setVisible(false);
    const pooled: PooledHost = { host, session, reconnects: 0 };
    session.onDidChangeState((s) => {
      if (s.kind === 'reconnecting' && s.attempt === 1) pooled.reconnects++;
    });
    this.hosts.set(host.target, pooled);
    return pooled;
  }

  /** Where bursts and pings go: the fleet's `probe_host`, or the HostName the ssh config resolves to (cached). */
  probeAddress(host: FleetHost): Promise<string> {
    if (host.probeHost !== undefined) return Promise.resolve(host.probeHost);
    let address = this.addresses.get(host.target);
    if (address === undefined) {
      address = resolveTarget(hostTargetOf(host.target), this.o.sshConfig, this.o.env).then((r) => r.target.hostName);
      // A failed resolution is asked again next time (the config may have been fixed).
      address.catch(() => this.addresses.delete(host.target));
      this.addresses.set(host.target, address);
    }
    return address;
  }

  /** Every host pooled so far. */
  all(): PooledHost[] {
    return [...this.hosts.values()];
  }

  /** SSH connections up now. */
  openConnections(): number {
    return this.all().filter((p) => p.session.state.kind === 'connected').length;
  }

  dispose(): void {
    for (const p of this.hosts.values()) p.session.dispose();
    this.hosts.clear();
  }
}
