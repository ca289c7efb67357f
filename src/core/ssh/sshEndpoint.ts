import type { ServerHostKeyAlgorithm } from 'ssh2';
import type { Phrase } from '../../shared/l10n/phrase';

/**
 * One SSH server to log in to: the target or a ProxyJump hop, each from its own resolved ssh
 * config. The fields match those of `resolveHost` in sshConfig.ts, so its result can be passed
 * as is; every hop is resolved separately (docs/security.md §1.7).
 */
export interface SshEndpoint {
  /** The resolved HostName: what we connect to and what the host key is checked against. */
  hostName: string;
  /** TCP port (22 by default in the config). */
  port: number;
  user: string;
  /** Private key files, in order, already `~`-expanded. */
  identityFiles: readonly string[];
  identitiesOnly: boolean;
  /** `IdentityAgent` from the config: a socket/pipe path, `SSH_AUTH_SOCK`, `$VAR` or `none`. */
  identityAgent?: string;
}

/** `user@host:port`, with IPv6 addresses in brackets; for prompts and messages. */
export function describeEndpoint(ep: Pick<SshEndpoint, 'user' | 'hostName' | 'port'>): string {
  const host = ep.hostName.includes(':') ? `[${ep.hostName}]` : ep.hostName;
  return `${ep.user}@${host}:${ep.port}`;
}

/** Why a host verifier refused a key. */
export interface HostKeyRefusal {
  /** `hostKeyUnsupported`: the host is trusted only through `@cert-authority`, which ssh2 cannot check. */
  kind: 'hostKeyUnknown' | 'hostKeyChanged' | 'hostKeyRevoked' | 'hostKeyDeclined' | 'hostKeyUnsupported';
  /** Says what to do, e.g. how to check the fingerprint or remove the stale known_hosts line. */
  message: string;
  /** The same as a message id plus parameters, for a front end's language. */
  phrase: Phrase;
}

/**
 * ssh2's `hostVerifier` in callback form. It must return `undefined` and call `verify` with a
 * strict boolean: ssh2 accepts the host for anything but a literal `false` (ssh2 #1268,
 * docs/security.md §1.1).
 */
export type HostVerifier = (key: Buffer, verify: (ok: boolean) => void) => undefined;

/** How one hop's host key is checked: the verifier, and the host-key algorithms to offer. */
export interface HopHostKeyCheck {
  verifier: HostVerifier;
  /**
   * ssh2's `algorithms.serverHostKey` for this hop: the types already recorded for it first, as
   * OpenSSH orders HostKeyAlgorithms (knownHostsAlgorithms.ts; docs/security.md §1.1, §1.2).
   */
  serverHostKey: ServerHostKeyAlgorithm[];
}

/**
 * Makes the host-key check for one hop, bound to that hop's HostName and port. `refused` lets the
 * verifier say why it said no, so the connection reports "changed" rather than a bare "host denied".
 */
export type HostVerifierFactory = (endpoint: SshEndpoint, refused: (why: HostKeyRefusal) => void) => HopHostKeyCheck;
