/** Wiring shared by the SSH integration tests: endpoints, a known_hosts verifier, short timers. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { CatalogCommand } from '../../../src/core/remote/runner';
import type { HostKeyDecision } from '../../../src/core/ssh/hostKeyDecision';
import type { HostKeyPrompt } from '../../../src/core/ssh/hostKeyPolicy';
import { parseKnownHosts } from '../../../src/core/ssh/knownHosts';
import { policyVerifierFactory } from '../../../src/core/ssh/policyVerifier';
import type { ConnectionStateChange, SshConnection, SshConnectionOptions } from '../../../src/core/ssh/sshConnection';
import type { HostVerifierFactory, SshEndpoint } from '../../../src/core/ssh/sshEndpoint';
import type { Sshd } from './sshd';

/** Keepalive, connect budget and backoff short enough for tests, same shape as production. */
export const FAST: Pick<
  SshConnectionOptions,
  'keepaliveIntervalMs' | 'keepaliveCountMax' | 'connectTimeoutMs' | 'backoff'
> = {
  keepaliveIntervalMs: 300,
  keepaliveCountMax: 2,
  connectTimeoutMs: 3000,
  backoff: { baseMs: 50, capMs: 400, penaltyFloorMs: 200, healthyResetMs: 60_000, maxAttempts: 12 },
};

/** The endpoint of `sshd`, reached on `port` (a proxy's) if given. Only the authorized client key is offered. */
export function endpointFor(sshd: Sshd, overrides: Partial<SshEndpoint> = {}): SshEndpoint {
  return {
    hostName: sshd.host,
    port: sshd.port,
    user: sshd.user,
    identityFiles: [sshd.clientKeyPath],
    identitiesOnly: true,
    identityAgent: 'none',
    ...overrides,
  };
}

/** Writes a known_hosts file trusting `sshd`'s current key as seen on each of `ports`. */
export function trustHost(path: string, sshd: Sshd, ports: readonly number[] = [sshd.port]): void {
  writeFileSync(path, ports.map((p) => sshd.knownHostsLine(p)).join(''));
}

/**
 * The host-key policy (`createHostVerifier`) over one known_hosts file, re-read on every attempt,
 * with StrictHostKeyChecking `ask`. Every decision is appended to `decisions`.
 */
export function knownHostsVerifier(
  path: string,
  decisions: HostKeyDecision[] = [],
  prompt?: HostKeyPrompt,
): HostVerifierFactory {
  return policyVerifierFactory(
    () => ({
      checking: 'ask',
      entries: parseKnownHosts(readFileSync(path, 'utf8'), path).entries,
      storePath: path,
      prompt,
    }),
    (_ep, d) => decisions.push(d),
  );
}

/** Records every state change of `conn`. */
export function recordStates(conn: SshConnection): ConnectionStateChange[] {
  const seen: ConnectionStateChange[] = [];
  conn.onDidChangeState((e) => seen.push(e));
  return seen;
}

/**
 * Resolves with the first state change matching `pred`. The bound only keeps a broken build from
 * hanging the run; it is not a claim about how fast anything is.
 */
export function waitForState(
  conn: SshConnection,
  pred: (e: ConnectionStateChange) => boolean,
  boundMs = 30_000,
): Promise<ConnectionStateChange> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`state not reached; now ${conn.state} (${conn.lastError?.message ?? 'no error'})`));
    }, boundMs);
    const sub = conn.onDidChangeState((e) => {
      if (!pred(e)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e);
    });
  });
}

/** A test-only catalog command (the production catalog is fixed; these provoke misbehaviour). */
export function command(id: string, script: string): CatalogCommand {
  return { id, script };
}

/** A request with generous limits; override what the test is about. */
export function request(
  cmd: CatalogCommand,
  extra: { timeoutMs?: number; maxOutputBytes?: number; args?: string[]; signal?: AbortSignal } = {},
) {
  return {
    command: cmd,
    args: extra.args ?? [],
    timeoutMs: extra.timeoutMs ?? 10_000,
    maxOutputBytes: extra.maxOutputBytes ?? 1 << 20,
    signal: extra.signal,
  };
}
