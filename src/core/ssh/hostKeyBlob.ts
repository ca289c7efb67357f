/**
 * Reads the SSH wire-format public-key blob (RFC 4253 §6.6): the bytes that ssh2 hands to a
 * host verifier and that a known_hosts line carries in base64. Total: never throws.
 */

/** The key types a known_hosts line may name, with the number of SSH strings after the type. */
const FIELD_COUNTS: ReadonlyMap<string, number> = new Map([
  ['ssh-ed25519', 1], // public key (32 bytes)
  ['ssh-rsa', 2], // e, n
  ['ssh-dss', 4], // p, q, g, y
  ['ecdsa-sha2-nistp256', 2], // curve name, Q
  ['ecdsa-sha2-nistp384', 2],
  ['ecdsa-sha2-nistp521', 2],
  ['sk-ssh-ed25519@openssh.com', 2], // public key, application
  ['sk-ecdsa-sha2-nistp256@openssh.com', 3], // curve name, Q, application
]);

/** What a well-formed blob holds, or why it is not one. */
export type KeyBlobInfo = { ok: true; type: string } | { ok: false; reason: string };

/** Reads one SSH `string` (uint32 length + bytes) at `offset`; undefined when it runs past the end. */
function readString(blob: Buffer, offset: number): { value: Buffer; next: number } | undefined {
  if (offset + 4 > blob.length) return undefined;
  const len = blob.readUInt32BE(offset);
  const end = offset + 4 + len;
  if (end > blob.length) return undefined;
  return { value: blob.subarray(offset + 4, end), next: end };
}

/**
 * Checks the structure of a public-key blob: a known type string followed by exactly the fields
 * that type has, and nothing after them. Certificates (`*-cert-v01@openssh.com`) are reported as
 * unsupported: ssh2 never negotiates them (docs/security.md §1.1).
 */
export function readKeyBlob(blob: Buffer): KeyBlobInfo {
  const head = readString(blob, 0);
  if (!head) return { ok: false, reason: 'truncated key blob' };
  const type = head.value.toString('latin1');
  const fields = FIELD_COUNTS.get(type);
  if (fields === undefined) return { ok: false, reason: `unsupported key type "${type.slice(0, 64)}"` };
  let offset = head.next;
  for (let i = 0; i < fields; i++) {
    const field = readString(blob, offset);
    if (!field) return { ok: false, reason: `truncated ${type} key` };
    // An ECDSA blob repeats its curve name; a mismatch means the blob was spliced together.
    if (
      i === 0 &&
      type.includes('nistp') &&
      `ecdsa-sha2-${field.value.toString('latin1')}` !== type.replace(/^sk-|@openssh\.com$/g, '')
    ) {
      return { ok: false, reason: `curve name does not match key type ${type}` };
    }
    offset = field.next;
  }
  if (offset !== blob.length) return { ok: false, reason: `trailing bytes after ${type} key` };
  return { ok: true, type };
}

/** Whether `type` is one of the public-key types a known_hosts line may carry. */
export function isKnownKeyType(type: string): boolean {
  return FIELD_COUNTS.has(type);
}
