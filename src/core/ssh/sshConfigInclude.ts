import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { type Directive, type Line, type Match, parse, type Section, type SSHConfig } from 'ssh-config';
import { ok, parseErrorOf, type ParseError, type Result, splitLines } from '../result';
import { phrase, renderPhrase, type Phrase } from '../../shared/l10n/phrase';
import { matchGlob } from './knownHostsPattern';

/**
 * Reads ssh_config files for the `ssh-config` package, which does not follow `Include`
 * (docs/security.md §1.3): each file is parsed, and every `Include` is replaced by the
 * files it names, so that `compute()` sees one config with OpenSSH's reading order.
 */

/** OpenSSH's READCONF_MAX_DEPTH. */
const MAX_INCLUDE_DEPTH = 16;

/** A config file that could not be read: `message` in English, `phrase` for the front end's language. */
export type ConfigReadError = ParseError | { kind: 'io'; source: string; message: string; phrase: Phrase };

/** One config file and the directory its relative `Include`s start from (~/.ssh or $SYSCONF). */
export interface ConfigFile {
  path: string;
  includeBase: string;
  /** A missing file is an error only for a file the user named (`-F`). */
  required: boolean;
}

/**
 * Wraps `parse()`, which throws on malformed lines without saying where: on failure each line is
 * parsed alone (values never span lines) to name the first bad one.
 */
export function parseConfigText(text: string, file: string): Result<SSHConfig> {
  try {
    return ok(parse(text));
  } catch (whole) {
    const lines = splitLines(text);
    for (let i = 0; i < lines.length; i++) {
      try {
        parse(lines[i]!);
      } catch (e) {
        return parseErrorOf(file, i + 1, phrase('line {0} of file {1}: {2}', i + 1, file, (e as Error).message));
      }
    }
    return parseErrorOf(file, 0, phrase('file {0}: {1}', file, (whole as Error).message));
  }
}

const isSection = (l: Line): l is Section => l.type === 1 && 'config' in l;
const valuesOf = (d: Directive): string[] => (Array.isArray(d.value) ? d.value.map((v) => v.val) : [d.value]);

/**
 * Prepares a directive for `compute()`: keyword case does not matter to OpenSSH, but `compute()`
 * tracks `HostName` and `User` by exact name; and `Match host` must see HostName with `%h`
 * already expanded (readconf.c `match_cfg_line`), so HostName's only tokens (`%h`, `%%`) are
 * expanded here, once.
 */
function prepare(line: Line, alias: string | undefined, path: string): Result<Line> {
  if (line.type !== 1 || isSection(line)) return ok(line);
  const lower = line.param.toLowerCase();
  if (lower === 'user') return ok({ ...line, param: 'User' });
  if (lower !== 'hostname') return ok(line);
  if (alias === undefined || typeof line.value !== 'string') return ok({ ...line, param: 'HostName' });
  const value = line.value.replace(/%(.?)/g, (m, k: string) => (k === 'h' ? alias : k === '%' ? '%' : m));
  if (/%/.test(value.replace(/%%/g, '')))
    return parseErrorOf(
      path,
      0,
      phrase('file {0}: HostName {1} has a token other than %h or %%', path, JSON.stringify(line.value)),
    );
  return ok({ ...line, param: 'HostName', value });
}

/**
 * A section header for `compute()`. When resolving, a `Host` line is decided here with OpenSSH's
 * glob and rewritten to `*` or `!*`: `compute()` would read `?` as "zero or one character"
 * (OpenSSH: exactly one). `Match host` patterns are lower-cased as OpenSSH's `match_hostname` does.
 */
function header(section: Section, alias: string | undefined): Section {
  const copy: Section = { ...section, config: parse('') };
  if (/^host$/i.test(section.param)) {
    if (alias !== undefined) copy.value = hostPatternsMatch(valuesOf(section), alias) ? '*' : '!*';
    return copy;
  }
  if (!('criteria' in section)) return copy;
  const criteria = { ...(section as Match).criteria };
  for (const key of Object.keys(criteria)) {
    const v = criteria[key]!;
    if (key.toLowerCase() === 'host')
      criteria[key] = typeof v === 'string' ? v.toLowerCase() : v.map((c) => ({ ...c, val: c.val.toLowerCase() }));
  }
  return { ...copy, criteria } as Match;
}

/** OpenSSH `Host` matching against the alias as typed: case-sensitive, `!` negation. */
export function hostPatternsMatch(patterns: string[], alias: string): boolean {
  let positive = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (matchGlob(alias, p.slice(1))) return false;
    } else if (matchGlob(alias, p)) positive = true;
  }
  return positive;
}

/** glob(3) for `*` and `?` per path segment; names starting with `.` need an explicit `.`; sorted. */
async function globPath(pattern: string): Promise<string[]> {
  const absolute = pattern.startsWith('/');
  const parts = pattern.split('/').filter((p) => p !== '');
  let found = [absolute ? '/' : ''];
  for (const part of parts) {
    const next: string[] = [];
    for (const dir of found) {
      if (!/[*?]/.test(part)) {
        next.push(join(dir, part));
        continue;
      }
      const names = await readdir(dir || '.').catch(() => [] as string[]);
      for (const n of names)
        if (matchGlob(n, part) && (!n.startsWith('.') || part.startsWith('.'))) next.push(join(dir, n));
    }
    found = next;
  }
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

interface Reader {
  alias: string | undefined;
  /** For `~/` in Include paths (glob(3) GLOB_TILDE). */
  home: string;
  out: Line[];
}

/**
 * Reads the files in order into one flat list of lines for `compute()`.
 * @param alias the host being resolved; `undefined` when listing hosts (every Include is read)
 */
export async function readConfigFiles(
  files: ConfigFile[],
  alias: string | undefined,
  home: string,
): Promise<Result<SSHConfig, ConfigReadError>> {
  const reader: Reader = { alias, home, out: [] };
  for (const f of files) {
    const r = await readOne(reader, f.path, f.includeBase, f.required, 0, undefined);
    if (!r.ok) return r;
  }
  const root = parse('');
  root.push(...reader.out);
  return ok(root);
}

async function readOne(
  reader: Reader,
  path: string,
  base: string,
  required: boolean,
  depth: number,
  enclosing: Section | undefined,
): Promise<Result<true, ConfigReadError>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (!required && (e as NodeJS.ErrnoException).code === 'ENOENT') return ok(true);
    const why = phrase('cannot read {0}: {1}', path, (e as Error).message);
    return { ok: false, error: { kind: 'io', source: path, message: renderPhrase(why), phrase: why } };
  }
  const parsed = parseConfigText(text, path);
  if (!parsed.ok) return parsed;
  // Lines before the file's first Host/Match belong to the block that included it.
  let current: Section | undefined = enclosing ? reopen(reader, enclosing) : undefined;
  const emit = (l: Line) => (current ? current.config.push(l) : reader.out.push(l));
  for (const line of parsed.value) {
    if (isSection(line)) {
      current = header(line, reader.alias);
      reader.out.push(current);
      for (const inner of line.config) {
        const r = await handle(reader, inner, base, depth, current, path, (l) => current!.config.push(l));
        if (!r.ok) return r;
        if (r.value) current = reopen(reader, line);
      }
    } else {
      const r = await handle(reader, line, base, depth, current ?? enclosing, path, emit);
      if (!r.ok) return r;
      if (r.value && current) current = reopen(reader, current);
    }
  }
  return ok(true);
}

/** Starts a fresh copy of a block's header, so the lines after an Include stay under it. */
function reopen(reader: Reader, section: Section): Section {
  const copy = header(section, reader.alias);
  reader.out.push(copy);
  return copy;
}

/** Emits one directive, expanding it when it is an Include; resolves to whether it was one. */
async function handle(
  reader: Reader,
  line: Line,
  base: string,
  depth: number,
  block: Section | undefined,
  path: string,
  emit: (l: Line) => void,
): Promise<Result<boolean, ConfigReadError>> {
  if (line.type !== 1 || line.param.toLowerCase() !== 'include') {
    const prepared = prepare(line, reader.alias, path);
    if (!prepared.ok) return prepared;
    emit(prepared.value);
    return ok(false);
  }
  if (depth + 1 > MAX_INCLUDE_DEPTH)
    return parseErrorOf(path, 0, phrase('file {0}: Include nested more than {1} deep', path, MAX_INCLUDE_DEPTH));
  if (block && reader.alias !== undefined) {
    if (/^match$/i.test(block.param)) {
      return parseErrorOf(
        path,
        0,
        phrase('file {0}: Include inside a Match block needs the ssh client to resolve (install OpenSSH)', path),
      );
    }
    // An Include under a Host block that does not apply reads nothing that could apply (OpenSSH SSHCONF_NEVERMATCH).
    if (!hostPatternsMatch(valuesOf(block), reader.alias)) return ok(true);
  }
  for (const pattern of valuesOf(line)) {
    const expanded = pattern.startsWith('~/') ? join(reader.home, pattern.slice(2)) : pattern;
    const full = isAbsolute(expanded) ? expanded : join(base, expanded);
    for (const file of await globPath(full)) {
      const r = await readOne(
        reader,
        file,
        base,
        false,
        depth + 1,
        block && reader.alias === undefined ? block : undefined,
      );
      if (!r.ok) return r;
    }
  }
  return ok(true);
}
