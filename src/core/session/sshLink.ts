import { phraseOf } from '../../shared/l10n/phrase';
import type { CommandRunner } from '../remote/runner';
import type { AuthPrompts } from '../ssh/authHandler';
import { SshConnection, type ConnectionStateChange } from '../ssh/sshConnection';
import { SshRunner } from '../ssh/sshRunner';
import { HostTrust } from './hostTrust';
import { endpointOf, resolveTarget } from './resolveTarget';
import type { LinkFactory, LinkStateChange, RefusedHostKey, SessionDeps, SessionLink } from './sessionTypes';
import { logPhrase } from './sessionLog';

/** OpenSSH's ServerAliveCountMax default, used when the config sets an interval but no count. */
const DEFAULT_KEEPALIVE_COUNT = 3;

/**
 * The SSH way to reach a host: resolve it like `ssh`, load its known_hosts, and open one shared
 * connection (keepalive, reconnect with backoff, typed errors) whose runner executes the catalog.
 * Rejects with an `SshError` of kind `config` when the host cannot even be attempted.
 */
export const openSshLink: LinkFactory = async (target, deps) => {
  const env = deps.env ?? process.env;
  const hosts = await resolveTarget(target, deps.settings.sshConfigFile, env);
  const trust = new HostTrust([...hosts.jumps, hosts.target], {
    storeDir: deps.storeDir,
    log: deps.log,
    checking: deps.settings.hostKeyChecking,
    ...(deps.prompts.hostKey ? { prompt: deps.prompts.hostKey } : {}),
  });
  await trust.load();
  const t = hosts.target;
  const connection = new SshConnection({
    target: endpointOf(t),
    jumps: hosts.jumps.map(endpointOf),
    createHostVerifier: trust.verifierFactory(),
    prompts: authPrompts(deps),
    env,
    // The user's ServerAliveInterval/ConnectTimeout win over our defaults, as with `ssh`.
    ...(t.serverAliveInterval !== undefined
      ? {
          keepaliveIntervalMs: t.serverAliveInterval * 1000,
          keepaliveCountMax: t.serverAliveCountMax ?? DEFAULT_KEEPALIVE_COUNT,
        }
      : {}),
    ...(t.connectTimeout !== undefined ? { connectTimeoutMs: t.connectTimeout * 1000 } : {}),
    ...deps.sshTuning,
  });
  return new SshLink(connection, trust, deps, { hostName: t.hostName, port: t.port });
};

function authPrompts(deps: SessionDeps): AuthPrompts {
  const p = deps.prompts;
  const out: AuthPrompts = {};
  if (p.passphrase) out.promptPassphrase = p.passphrase;
  if (p.password) out.promptPassword = p.password;
  if (p.keyboardInteractive) out.keyboardInteractive = p.keyboardInteractive;
  return out;
}

class SshLink implements SessionLink {
  private readonly runners = new Map<boolean, CommandRunner>();

  constructor(
    private readonly connection: SshConnection,
    private readonly trust: HostTrust,
    private readonly deps: SessionDeps,
    readonly address: { hostName: string; port: number },
  ) {
    connection.onDidChangeState((e) => {
      if (e.state === 'connected') void this.trust.persistAccepted();
      else if (e.state === 'failed') this.trust.discardPending();
      // Files may have been fixed while we wait (e.g. `ssh-keygen -R` after a changed key).
      else if (e.state === 'reconnecting') {
        this.trust.discardPending();
        this.trust.load().catch((err: unknown) => logPhrase(this.deps.log, 'warn', phraseOf(err)));
      }
    });
  }

  get state(): LinkStateChange['state'] {
    return this.connection.state;
  }

  get hostKeyRefusal(): RefusedHostKey | undefined {
    return this.trust.refusal;
  }

  async connect(): Promise<void> {
    if (this.connection.state === 'failed') {
      // The user asked again: their files may have changed since (a trusted key, a fixed permission).
      await this.trust.load();
      return this.connection.reconnect();
    }
    return this.connection.connect();
  }

  runner(opts: { remoteWatchdog: boolean }): CommandRunner {
    let r = this.runners.get(opts.remoteWatchdog);
    if (r === undefined) {
      r = new SshRunner(this.connection, { remoteWatchdog: opts.remoteWatchdog });
      this.runners.set(opts.remoteWatchdog, r);
    }
    return r;
  }

  onDidChangeState(listener: (e: LinkStateChange) => void): { dispose(): void } {
    return this.connection.onDidChangeState((e: ConnectionStateChange) => {
      const change: LinkStateChange = { state: e.state };
      if (e.error)
        change.error = {
          kind: e.error.kind,
          message: e.error.message,
          retryable: e.error.retryable,
          phrase: e.error.phrase,
        };
      if (e.retryInMs !== undefined) change.retryInMs = e.retryInMs;
      listener(change);
    });
  }

  dispose(): void {
    this.connection.dispose();
  }
}
