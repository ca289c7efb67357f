import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ok, type Result } from '../result';
import { readKeyBlob } from './hostKeyBlob';
import { entryApplies, parseKnownHosts } from './knownHosts';
import { hashHostName } from './knownHostsPattern';

/**
 * Our own trust store: a known_hosts-format file in a directory the caller owns (the extension's
 * machine-local, never-synced global storage). OpenSSH's files are only read, never written
 * (design A in docs/security.md §1.2). Lines are only ever appended; "forget" is the one
 * deliberate way to remove a key, and it touches only this file.
 */
export interface HostKeyStore {
  /** The store file; list it last among the known_hosts files to load. */
  readonly path: string;
  /**
   * Appends one line `name keytype base64` (the name hashed when the store hashes names).
   * @param name the lookup name (knownHosts.ts `knownHostsName`), e.g. `[203.0.113.7]:2222`
   * @returns where the line was written (1-based line number)
   */
  append(name: string, keyBlob: Buffer): Promise<Result<{ file: string; line: number }, HostKeyStoreError>>;
  /** Removes this store's plain-key lines recorded for exactly `name`; other lines stay byte-identical. */
  forget(name: string): Promise<Result<{ removed: number }, HostKeyStoreError>>;
}

export interface HostKeyStoreError {
  kind: 'store';
  file: string;
  message: string;
}

export interface HostKeyStoreOptions {
  /** Created with mode 0700 when missing. */
  dir: string;
  /** Defaults to `known_hosts`. */
  fileName?: string;
  /** Write `|1|salt|hmac` instead of the name, as OpenSSH does with `HashKnownHosts yes`. */
  hashNames: boolean;
}

/** Characters that would turn a written name into a pattern list, a wildcard or a comment. */
const UNSAFE_NAME = /[\s,*?!#|]|[\x00-\x1f\x7f]/;

export function createHostKeyStore(options: HostKeyStoreOptions): HostKeyStore {
  const path = join(options.dir, options.fileName ?? 'known_hosts');
  const fail = (message: string): { ok: false; error: HostKeyStoreError } => ({
    ok: false,
    error: { kind: 'store', file: path, message },
  });
  // Appends and forgets run one at a time so a forget never races an append's newline check.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job);
    queue = run.catch(() => undefined);
    return run;
  };

  const append = async (name: string, keyBlob: Buffer) => {
    const lower = name.toLowerCase();
    if (lower === '' || UNSAFE_NAME.test(lower) || lower.startsWith('@'))
      return fail(`refusing to store an unsafe host name ${JSON.stringify(name)}`);
    const info = readKeyBlob(keyBlob);
    if (!info.ok) return fail(`refusing to store a malformed key: ${info.reason}`);
    const hostField = options.hashNames ? hashHostName(lower, randomBytes(20)) : lower;
    try {
      await mkdir(options.dir, { recursive: true, mode: 0o700 });
      const handle = await open(path, 'a+', 0o600);
      try {
        const before = await handle.readFile('utf8');
        // A file edited by hand may lack its final newline; never glue our line onto another.
        const sep = before.length > 0 && !before.endsWith('\n') ? '\n' : '';
        const line = (before.match(/\n/g)?.length ?? 0) + (sep ? 2 : 1);
        await handle.appendFile(`${sep}${hostField} ${info.type} ${keyBlob.toString('base64')}\n`);
        return ok({ file: path, line });
      } finally {
        await handle.close();
      }
    } catch (e) {
      return fail(`cannot write the host key store: ${(e as Error).message}`);
    }
  };

  const forget = async (name: string) => {
    const lower = name.toLowerCase();
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok({ removed: 0 });
      return fail(`cannot read the host key store: ${(e as Error).message}`);
    }
    const kept: string[] = [];
    let removed = 0;
    for (const raw of text.split(/(?<=\n)/)) {
      const entry = parseKnownHosts(raw, path).entries[0];
      const exact =
        entry !== undefined &&
        entry.marker === 'none' &&
        (entry.hosts.kind === 'hashed' ? entryApplies(entry, lower) : entry.hosts.list.toLowerCase() === lower);
      if (exact) removed++;
      else kept.push(raw);
    }
    if (removed === 0) return ok({ removed });
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, kept.join(''), { mode: 0o600, flag: 'wx' });
      await rename(temp, path);
      return ok({ removed });
    } catch (e) {
      await rm(temp, { force: true });
      return fail(`cannot rewrite the host key store: ${(e as Error).message}`);
    }
  };

  return {
    path,
    append: (name, keyBlob) => serial(() => append(name, keyBlob)),
    forget: (name) => serial(() => forget(name)),
  };
}
