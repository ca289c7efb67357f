import { createHmac } from 'node:crypto';

/**
 * Host-name patterns of known_hosts files, with the semantics of OpenSSH's match.c and hostfile.c.
 */

/**
 * OpenSSH `match_pattern`: `*` matches any run of characters (also none), `?` exactly one; every
 * other character matches itself. Iterative with one backtrack point, so it runs in
 * O(pattern × text) time whatever the input (no regular expression, no exponential blow-up).
 */
export function matchGlob(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || (pattern[p] !== '*' && pattern[p] === text[t]))) {
      t++;
      p++;
    } else if (p < pattern.length && pattern[p] === '*') {
      starP = p++;
      starT = t;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** OpenSSH copies each sub-pattern into a 1024-byte buffer and gives up (no match) when it fills. */
const MAX_SUBPATTERN = 1023;

/**
 * OpenSSH `match_pattern_list(host, list, dolower=1)`: the comma-separated list is matched
 * sub-pattern by sub-pattern, each lower-cased; a sub-pattern starting with `!` is negated.
 * @returns `-1` when a negated sub-pattern matches (the line must not apply, whatever else
 *   matches), `1` when a positive one matches, `0` otherwise.
 */
export function matchPatternList(host: string, list: string): -1 | 0 | 1 {
  let positive = false;
  let i = 0;
  while (i < list.length) {
    const negated = list[i] === '!';
    if (negated) i++;
    let end = list.indexOf(',', i);
    if (end < 0) end = list.length;
    if (end - i >= MAX_SUBPATTERN) return 0;
    if (matchGlob(host, list.slice(i, end).toLowerCase())) {
      if (negated) return -1;
      positive = true;
    }
    i = end + 1;
  }
  return positive ? 1 : 0;
}

/** A `|1|salt|hash` host field: HMAC-SHA1 of one host name keyed with a 20-byte salt. */
export interface HashedHost {
  salt: Buffer;
  /** The field exactly as written, compared byte for byte after re-hashing (as OpenSSH does). */
  field: string;
}

const SHA1_BYTES = 20;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Parses a hashed host field. OpenSSH treats any field starting with `|` as hashed and rejects
 * the line when the magic, the salt or its length (20 bytes) is wrong (hostfile.c `extract_salt`).
 */
export function parseHashedHost(field: string): HashedHost | string {
  if (!field.startsWith('|1|')) return 'invalid hashed host magic (want |1|)';
  const end = field.indexOf('|', 3);
  if (end < 0) return 'hashed host lacks the salt terminator';
  const b64 = field.slice(3, end);
  if (b64.length === 0 || b64.length > 1024 || !BASE64.test(b64)) return 'hashed host has a malformed salt';
  const salt = Buffer.from(b64, 'base64');
  if (salt.length !== SHA1_BYTES) return `hashed host salt is ${salt.length} bytes, want ${SHA1_BYTES}`;
  return { salt, field };
}

/** The `|1|salt|hash` form of `name` for `salt` (OpenSSH `host_hash`). */
export function hashHostName(name: string, salt: Buffer): string {
  const mac = createHmac('sha1', salt).update(name, 'utf8').digest();
  return `|1|${salt.toString('base64')}|${mac.toString('base64')}`;
}

/** Whether a hashed field was made from exactly `name`. */
export function matchHashedHost(name: string, hashed: HashedHost): boolean {
  return hashHostName(name, hashed.salt) === hashed.field;
}
