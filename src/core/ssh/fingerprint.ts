import { createHash } from 'node:crypto';
import { readKeyBlob } from './hostKeyBlob';

/**
 * OpenSSH's default fingerprint of a public-key blob: `SHA256:` + base64 of the SHA-256 digest
 * with the `=` padding removed. Equal to what `ssh-keygen -lf` prints (docs/security.md §1.1).
 * @param blob the SSH wire-format public key (ssh2's `hostVerifier` argument, or a decoded known_hosts field)
 */
export function sha256Fingerprint(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/**
 * The wire-format key type of a blob (`ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`, ...).
 * RSA keys are always `ssh-rsa` here even when `rsa-sha2-512` was negotiated (ssh2 kex.js).
 * Returns `''` when the blob is not a well-formed public key of a supported type.
 */
export function keyTypeOfBlob(blob: Buffer): string {
  const info = readKeyBlob(blob);
  return info.ok ? info.type : '';
}
