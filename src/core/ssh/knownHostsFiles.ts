import { readFile } from 'node:fs/promises';
import { ok, type ParseError, type Result } from '../result';
import { type KnownHostEntry, parseKnownHosts } from './knownHosts';

/** A known_hosts file that exists but could not be read: never treated as "host unknown". */
export interface KnownHostsReadError {
  kind: 'unreadable';
  file: string;
  /** The Node error code, e.g. `EACCES`, `EISDIR`. */
  code: string;
  message: string;
}

/** Every entry of the files that exist, in the order given (user files, global files, our store). */
export interface LoadedKnownHosts {
  entries: KnownHostEntry[];
  /** Malformed lines, each naming its file and line; they were ignored, as OpenSSH ignores them. */
  skipped: ParseError[];
  /** Files that do not exist (fine: OpenSSH treats them as empty). */
  missing: string[];
}

/** Reads a file as text; injectable so tests can simulate unreadable files. */
export type TextFileReader = (path: string) => Promise<string>;

const readUtf8: TextFileReader = (path) => readFile(path, 'utf8');

/**
 * Loads known_hosts files. A missing file (or the OpenSSH keyword `none`) contributes nothing;
 * a file that exists but cannot be read is an error, so the caller fails closed instead of
 * prompting for a host whose key may be recorded there (docs/security.md §1.2).
 */
export async function loadKnownHosts(
  files: readonly string[],
  read: TextFileReader = readUtf8,
): Promise<Result<LoadedKnownHosts, KnownHostsReadError>> {
  const loaded: LoadedKnownHosts = { entries: [], skipped: [], missing: [] };
  for (const file of new Set(files)) {
    if (file === 'none' || file === '') continue;
    let text: string;
    try {
      text = await read(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        loaded.missing.push(file);
        continue;
      }
      return {
        ok: false,
        error: { kind: 'unreadable', file, code, message: `cannot read ${file}: ${(e as Error).message}` },
      };
    }
    const parsed = parseKnownHosts(text, file);
    loaded.entries.push(...parsed.entries);
    loaded.skipped.push(...parsed.skipped);
  }
  return ok(loaded);
}
