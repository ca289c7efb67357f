import type { ServerHostKeyAlgorithm } from 'ssh2';
import { type KnownHostEntry, knownKeyTypes } from './knownHosts';

/**
 * Orders `algorithms.serverHostKey` for ssh2 the way OpenSSH's `order_hostkeyalgs()`
 * (sshconnect2.c) does: algorithms whose key type is already recorded for the host come first,
 * each group keeping the default order. Without this, ssh2's default order (ed25519 first) makes a
 * host recorded only with its ECDSA or RSA key look unknown (docs/security.md §1.1, §1.2).
 */

/** ssh2 1.17's default host-key algorithms, in its order (lib/protocol/constants.js). */
export const SSH2_DEFAULT_HOST_KEY_ALGORITHMS: readonly ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/**
 * The algorithms that verify a key of this wire type. An `ssh-rsa` key signs with all three RSA
 * algorithms; an ECDSA key only with the algorithm of its own curve (OpenSSH compares the nid).
 */
function algorithmsForKeyType(keyType: string): string[] {
  return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType];
}

/**
 * @param knownTypes key types recorded for the host (knownHosts.ts `knownKeyTypes`)
 * @param defaults the algorithms to order; never widened (a known type not in it is not added)
 * @returns the same algorithms as `defaults`: as they are when the first one's type is known
 *   (OpenSSH: "have matching best-preference key type, using HostkeyAlgorithms verbatim"),
 *   otherwise the known ones first
 */
export function orderHostKeyAlgorithms(
  knownTypes: readonly string[],
  defaults: readonly ServerHostKeyAlgorithm[] = SSH2_DEFAULT_HOST_KEY_ALGORITHMS,
): ServerHostKeyAlgorithm[] {
  const known = new Set<string>(knownTypes.flatMap(algorithmsForKeyType));
  if (defaults.length > 0 && known.has(defaults[0]!)) return [...defaults];
  return [...defaults.filter((a) => known.has(a)), ...defaults.filter((a) => !known.has(a))];
}

/**
 * The `algorithms.serverHostKey` for one hop: the types recorded for its known_hosts name in every
 * source the verifier reads (user files, GlobalKnownHostsFile, our store) first. Like OpenSSH, only
 * plain lines count: `@revoked` and `@cert-authority` lines do not make a type preferred.
 * @param lookupName knownHosts.ts `knownHostsName` of the hop (HostKeyAlias, `host` or `[host]:port`)
 */
export function serverHostKeyAlgorithms(
  entries: readonly KnownHostEntry[],
  lookupName: string,
): ServerHostKeyAlgorithm[] {
  return orderHostKeyAlgorithms(knownKeyTypes(entries, lookupName));
}
