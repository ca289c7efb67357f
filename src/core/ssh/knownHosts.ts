import { type ParseError, splitLines } from '../result';
import { sha256Fingerprint } from './fingerprint';
import { isKnownKeyType, readKeyBlob } from './hostKeyBlob';
import { type HashedHost, matchHashedHost, matchPatternList, parseHashedHost } from './knownHostsPattern';

/**
 * known_hosts files with OpenSSH semantics (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT", hostfile.c,
 * sshconnect.c `check_host_key`; docs/security.md §1.2).
 */

/** One usable known_hosts line: `[marker] patterns keytype base64 [comment]`. */
export interface KnownHostEntry {
  /** The file the line came from, as given to the parser. */
  file: string;
  /** 1-based line number in `file`. */
  line: number;
  /** `revoked` lines refuse their key; `cert-authority` lines never authorize a plain key. */
  marker: 'none' | 'revoked' | 'cert-authority';
  /** The host field: a comma-separated pattern list, or one hashed name. */
  hosts: { kind: 'patterns'; list: string } | ({ kind: 'hashed' } & HashedHost);
  /** The wire-format key type, e.g. `ssh-ed25519` (equal to the type inside `keyBlob`). */
  keyType: string;
  /** The SSH wire-format public key, byte-identical to what ssh2 passes to a host verifier. */
  keyBlob: Buffer;
  comment: string;
}

/** The lines of one file: the usable entries and the skipped malformed ones (each naming its line). */
export interface KnownHostsParse {
  entries: KnownHostEntry[];
  skipped: ParseError[];
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Parses a known_hosts file. Total: comments and blank lines are ignored and every malformed
 * line is reported in `skipped` with its file and line, then ignored, exactly as OpenSSH skips it.
 * LF, CRLF and lone CR line ends are accepted.
 */
export function parseKnownHosts(text: string, file: string): KnownHostsParse {
  const entries: KnownHostEntry[] = [];
  const skipped: ParseError[] = [];
  splitLines(text).forEach((raw, i) => {
    const parsed = parseLine(raw, file, i + 1);
    if (parsed === undefined) return;
    if (typeof parsed === 'string') skipped.push({ kind: 'parse', source: file, line: i + 1, message: parsed });
    else entries.push(parsed);
  });
  return { entries, skipped };
}

/** One line: an entry, a reason it is malformed, or undefined for a comment or blank line. */
function parseLine(raw: string, file: string, line: number): KnownHostEntry | string | undefined {
  const fields = raw.split(/[ \t]+/).filter((f) => f !== '');
  if (fields.length === 0 || fields[0]!.startsWith('#')) return undefined;
  let marker: KnownHostEntry['marker'] = 'none';
  if (fields[0]!.startsWith('@')) {
    const m = fields.shift()!;
    if (m === '@revoked') marker = 'revoked';
    else if (m === '@cert-authority') marker = 'cert-authority';
    else return `unknown marker ${m.slice(0, 32)}`;
  }
  const [hostField, keyType, b64] = fields;
  if (hostField === undefined || keyType === undefined || keyType.startsWith('#')) return 'truncated before key type';
  if (b64 === undefined || b64.startsWith('#')) return 'truncated after key type';
  if (!isKnownKeyType(keyType)) return `unsupported key type ${keyType.slice(0, 64)}`;
  if (!BASE64.test(b64)) return 'key is not valid base64';
  const keyBlob = Buffer.from(b64, 'base64');
  const info = readKeyBlob(keyBlob);
  if (!info.ok) return info.reason;
  if (info.type !== keyType) return `key type mismatch: line says ${keyType}, key is ${info.type}`;
  let hosts: KnownHostEntry['hosts'];
  if (hostField.startsWith('|')) {
    const hashed = parseHashedHost(hostField);
    if (typeof hashed === 'string') return hashed;
    hosts = { kind: 'hashed', ...hashed };
  } else {
    hosts = { kind: 'patterns', list: hostField };
  }
  return { file, line, marker, hosts, keyType, keyBlob, comment: fields.slice(3).join(' ') };
}

/**
 * The name OpenSSH looks up (sshconnect.c `get_hostfile_hostname_ipaddr`, misc.c `put_host_port`):
 * the `HostKeyAlias` when set (used without a port), otherwise the lower-cased HostName, bare
 * for port 22 and `[name]:port` for any other port.
 */
export function knownHostsName(hostName: string, port: number, hostKeyAlias?: string): string {
  if (hostKeyAlias) return hostKeyAlias.toLowerCase();
  const name = hostName.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

/** Whether a line applies to `name` (a negated pattern that matches makes it not apply). */
export function entryApplies(entry: KnownHostEntry, name: string): boolean {
  return entry.hosts.kind === 'hashed'
    ? matchHashedHost(name, entry.hosts)
    : matchPatternList(name, entry.hosts.list) === 1;
}

/** A recorded key, as shown to the user: type, fingerprint and where it is written. */
export interface KnownKeyRef {
  type: string;
  fingerprint: string;
  file: string;
  line: number;
}

export type HostKeyVerdict =
  | { kind: 'match'; file: string; line: number }
  | { kind: 'unknown'; otherTypesKnown: KnownKeyRef[] }
  | { kind: 'changed'; expected: KnownKeyRef[] }
  | { kind: 'revoked'; file: string; line: number }
  /** No plain line knows the key, but `@cert-authority` lines apply: the host is meant to show a certificate. */
  | { kind: 'cert-authority'; authorities: KnownKeyRef[]; otherTypesKnown: KnownKeyRef[] };

const refOf = (e: KnownHostEntry): KnownKeyRef => ({
  type: e.keyType,
  fingerprint: sha256Fingerprint(e.keyBlob),
  file: e.file,
  line: e.line,
});

/**
 * The verdict for a presented host key, mirroring OpenSSH `check_host_key`:
 * a revoked line with this key wins; then a line of the same type with the same key is a match;
 * a line of the same type with another key means the key changed; otherwise the key is unknown,
 * listing keys of other types already recorded (a changed key can arrive looking "new" that way).
 * `@cert-authority` lines never authorize a plain key, and ssh2 never negotiates host
 * certificates; so a key left unknown where such a line applies is reported as `cert-authority`,
 * for the caller to refuse with a clear message instead of offering to trust it (docs/security.md §1.1, §1.2).
 * @param name the lookup name from {@link knownHostsName}
 * @param port used only to retry a non-22 port without the port, as OpenSSH does (no alias case)
 */
export function checkHostKey(entries: KnownHostEntry[], name: string, port: number, keyBlob: Buffer): HostKeyVerdict {
  const verdict = verdictFor(entries, name, keyBlob);
  if (verdict.kind !== 'unknown') return verdict;
  const suffix = `]:${port}`;
  // OpenSSH: "checking without port identifier"; only a match there changes the outcome.
  if (port !== 22 && name.startsWith('[') && name.endsWith(suffix)) {
    const fallback = verdictFor(entries, name.slice(1, -suffix.length), keyBlob);
    if (fallback.kind === 'match') return fallback;
  }
  const authorities = entries.filter((e) => e.marker === 'cert-authority' && entryApplies(e, name)).map(refOf);
  return authorities.length > 0
    ? { kind: 'cert-authority', authorities, otherTypesKnown: verdict.otherTypesKnown }
    : verdict;
}

function verdictFor(
  entries: KnownHostEntry[],
  name: string,
  keyBlob: Buffer,
): Extract<HostKeyVerdict, { kind: 'match' | 'unknown' | 'changed' | 'revoked' }> {
  const applicable = entries.filter((e) => e.marker !== 'cert-authority' && entryApplies(e, name));
  const revoked = applicable.find((e) => e.marker === 'revoked' && e.keyBlob.equals(keyBlob));
  if (revoked) return { kind: 'revoked', file: revoked.file, line: revoked.line };
  const plain = applicable.filter((e) => e.marker === 'none');
  const same = plain.find((e) => e.keyBlob.equals(keyBlob));
  if (same) return { kind: 'match', file: same.file, line: same.line };
  const type = readKeyBlob(keyBlob);
  const presentedType = type.ok ? type.type : '';
  const sameType = plain.filter((e) => e.keyType === presentedType);
  if (sameType.length > 0) return { kind: 'changed', expected: sameType.map(refOf) };
  return { kind: 'unknown', otherTypesKnown: plain.map(refOf) };
}

/**
 * The key types recorded for `name` (non-revoked, non-CA lines), in file order without repeats:
 * the input for ordering `algorithms.serverHostKey` (see knownHostsAlgorithms.ts).
 */
export function knownKeyTypes(entries: readonly KnownHostEntry[], name: string): string[] {
  const types = entries.filter((e) => e.marker === 'none' && entryApplies(e, name)).map((e) => e.keyType);
  return [...new Set(types)];
}
