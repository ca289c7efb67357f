import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { parseErrorPhrase, splitLines } from '../result';
import { phrase, type Phrase } from '../../shared/l10n/phrase';
import { parseHistoryLine, type HistoryEntry } from './historyEntry';

/** A host's history in memory: each entry beside its serialized line, and their size on disk. */
export interface HistoryLog {
  entries: HistoryEntry[];
  lines: string[];
  /** Bytes on disk: every line plus its newline. */
  bytes: number;
}

/** Bytes a line takes in the file, newline included. */
export const lineBytes = (line: string): number => Buffer.byteLength(line, 'utf8') + 1;

/**
 * The file of one host: a readable slug of the id plus a hash of it, so ids that differ only in
 * characters a file name cannot hold (`ssh:a/b`, `ssh:a_b`) never share a file.
 */
export function historyFileName(hostId: string): string {
  const slug = hostId.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 48);
  const hash = createHash('sha256').update(hostId).digest('hex').slice(0, 16);
  return `${slug}-${hash}.jsonl`;
}

/** What reading a file gave: its valid lines, and the first invalid one if any. */
export interface LoadedHistory {
  log: HistoryLog;
  /** `source:line: message` of the first line that failed to parse, as a phrase; the file needs recovery. */
  corrupt?: Phrase;
}

/** Reads a history file; a missing file is an empty history. Invalid lines are left out and reported. */
export async function loadHistoryFile(path: string): Promise<LoadedHistory> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { log: { entries: [], lines: [], bytes: 0 } };
    throw e;
  }
  const log: HistoryLog = { entries: [], lines: [], bytes: 0 };
  let corrupt: Phrase | undefined;
  splitLines(text).forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = parseHistoryLine(line, path, i + 1);
    if (!parsed.ok) {
      corrupt ??= parseErrorPhrase(parsed.error);
      return;
    }
    log.entries.push(parsed.value);
    log.lines.push(line);
    log.bytes += lineBytes(line);
  });
  // A torn last line (a crash mid-append) leaves no newline; the next append must not glue onto it.
  if (corrupt === undefined && text !== '' && !text.endsWith('\n'))
    corrupt = phrase('{0}: the last line has no newline (an interrupted write)', path);
  return corrupt === undefined ? { log } : { log, corrupt };
}

/**
 * Replaces `path` with `lines` atomically: a temp file in the same directory is written, flushed
 * and renamed over the old one, so a crash leaves either the old or the new file, never half.
 */
export async function writeHistoryFile(path: string, lines: readonly string[]): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(lines.map((l) => `${l}\n`).join(''));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

/** Appends one line (the file is created 0600 when missing). */
export async function appendHistoryLine(path: string, line: string): Promise<void> {
  const handle = await open(path, 'a', 0o600);
  try {
    await handle.appendFile(`${line}\n`);
  } finally {
    await handle.close();
  }
}

/** Creates the history directory (0700: it tells which hosts were watched and when). */
export const ensureHistoryDir = (dir: string): Promise<string | undefined> =>
  mkdir(dir, { recursive: true, mode: 0o700 });

/** Moves a corrupt file aside under a name that says so, and returns that name. */
export async function moveAside(path: string, nowMs: number): Promise<string> {
  const aside = `${path}.corrupt-${nowMs}-${randomBytes(3).toString('hex')}`;
  await rename(path, aside);
  return aside;
}
