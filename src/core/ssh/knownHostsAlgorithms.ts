/**
 * Orders `algorithms.serverHostKey` for ssh2 the way OpenSSH's `order_hostkeyalgs()`
 * (sshconnect2.c) does: algorithms whose key type is already recorded for the host come first,
 * each group keeping the default order. Without this, ssh2's default order (ed25519 first) makes a
 * host recorded only with its ECDSA or RSA key look unknown (docs/security.md §1.1).
 */

/** ssh2 1.17's default host-key algorithms, in its order (lib/protocol/constants.js). */
export const SSH2_DEFAULT_HOST_KEY_ALGORITHMS: readonly string[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/** The algorithms that verify a key of this wire type: an `ssh-rsa` key signs with all three. */
function algorithmsForKeyType(keyType: string): string[] {
  return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType];
}

/**
 * @param knownTypes key types recorded for the host (knownHosts.ts `knownKeyTypes`)
 * @param defaults the algorithms to order; never widened (a known type not in it is not added)
 * @returns the same algorithms as `defaults`, known ones first
 */
export function orderHostKeyAlgorithms(knownTypes: readonly string[], defaults: readonly string[] = SSH2_DEFAULT_HOST_KEY_ALGORITHMS): string[] {
  const known = new Set(knownTypes.flatMap(algorithmsForKeyType));
  return [...defaults.filter((a) => known.has(a)), ...defaults.filter((a) => !known.has(a))];
}
