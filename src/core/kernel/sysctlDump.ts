import { ok, parseError, splitLines, type Result } from '../result';

/**
 * Parses `sysctl -a` style text (`net.ipv4.tcp_wmem = 4096	16384	4194304`) into name -> value text, to be
 * read further with `parseSysctlInts`. Blank lines and `#`/`;` comments are skipped, and so are
 * `sysctl: ...` diagnostics that `sysctl -a 2>&1` mixes in (e.g. "permission denied on key"). Any other
 * line without `=` is an error naming the line. Names written with slashes (`net/ipv4/tcp_wmem`) are
 * returned with dots.
 */
export function parseSysctlDump(text: string, source = 'sysctl output'): Result<Record<string, string>> {
  const out: Record<string, string> = {};
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';') || line.startsWith('sysctl:')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return parseError(source, i + 1, `expected "name = value", got "${line.slice(0, 60)}"`);
    const name = line.slice(0, eq).trim().replace(/\//g, '.');
    if (!/^[A-Za-z0-9_.*-]+$/.test(name))
      return parseError(source, i + 1, `"${name.slice(0, 60)}" is not a sysctl name`);
    out[name] = line.slice(eq + 1).trim();
  }
  if (Object.keys(out).length === 0) return parseError(source, 0, 'no "name = value" lines found');
  return ok(out);
}
