/**
 * Copies for data kept long (a pooled host's trust entries, its resolved settings) that must not keep
 * alive what they were cut from. V8 represents a substring of 13 characters or more as a slice that
 * holds its whole parent string, so one host name parsed out of a known_hosts that lists a whole fleet
 * keeps the whole file; and Node cuts small Buffers out of a shared 8 KB pool, which one kept Buffer
 * holds entirely. An exporter pooling N hosts would then hold N copies of everything it parsed.
 */

/** The same text in a string of its own (no slice of a larger one). */
export function ownString(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

/** The same bytes in an ArrayBuffer of their own size (not a view into Node's shared pool). */
export function ownBuffer(b: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(b.length);
  b.copy(copy);
  return copy;
}
