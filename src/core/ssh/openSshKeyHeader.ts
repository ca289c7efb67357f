/**
 * Reads the clear-text header of an OpenSSH private key file (`openssh-key-v1`, PROTOCOL.key in
 * openssh-portable): the public key, which is stored unencrypted even when the private part has a
 * passphrase. That lets us recognise FIDO `sk-*` keys (which ssh2 cannot use)
 * and match an encrypted key against the agent's identities without asking for its passphrase.
 */

const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');
const ARMOUR = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/;

export interface OpenSshKeyHeader {
  /** The public key's wire type, e.g. `ssh-ed25519` or `sk-ssh-ed25519@openssh.com`. */
  keyType: string;
  /** The SSH wire-format public key. */
  publicBlob: Buffer;
}

function readString(buf: Buffer, offset: number): { value: Buffer; next: number } | undefined {
  if (offset + 4 > buf.length) return undefined;
  const end = offset + 4 + buf.readUInt32BE(offset);
  return end > buf.length ? undefined : { value: buf.subarray(offset + 4, end), next: end };
}

/** The header of an `openssh-key-v1` file, or `undefined` for any other format (PEM, PPK) or a damaged file. */
export function readOpenSshKeyHeader(fileText: string): OpenSshKeyHeader | undefined {
  const armoured = ARMOUR.exec(fileText);
  if (!armoured) return undefined;
  const raw = Buffer.from(armoured[1].replace(/\s+/g, ''), 'base64');
  if (raw.length < MAGIC.length || !raw.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const cipher = readString(raw, MAGIC.length);
  const kdf = cipher && readString(raw, cipher.next);
  const kdfOptions = kdf && readString(raw, kdf.next);
  if (!cipher || !kdfOptions || kdfOptions.next + 4 > raw.length) return undefined;
  const keyCount = raw.readUInt32BE(kdfOptions.next);
  if (keyCount < 1) return undefined;
  const publicKey = readString(raw, kdfOptions.next + 4);
  const keyType = publicKey && readString(publicKey.value, 0);
  if (!publicKey || !keyType) return undefined;
  return {
    keyType: keyType.value.toString('latin1'),
    publicBlob: Buffer.from(publicKey.value),
  };
}

/** Whether a key type is a FIDO security-key type (`sk-ssh-ed25519@openssh.com`, `sk-ecdsa-…`). */
export function isSecurityKeyType(keyType: string): boolean {
  return keyType.startsWith('sk-');
}
