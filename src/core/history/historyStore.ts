import { join } from 'node:path';
import { failcntKey, parseHistoryLine, type HistoryEntry } from './historyEntry';
import { renderPhrase, type Phrase } from '../../shared/l10n/phrase';
import {
  appendHistoryLine,
  ensureHistoryDir,
  historyFileName,
  lineBytes,
  loadHistoryFile,
  moveAside,
  writeHistoryFile,
  type HistoryLog,
} from './historyFile';
import { failcntGrowth, type HistoryGrowth } from './historyGrowth';

export type { HistoryEntry } from './historyEntry';
export type { HistoryGrowth } from './historyGrowth';

/** Bounds of one host's file. Both hold at all times; the oldest entries go first. */
export interface HistoryLimits {
  /** Entries per host (a sample a minute for a week is about 10,000). */
  maxEntriesPerHost: number;
  /** Bytes per host file. */
  maxBytesPerHost: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = { maxEntriesPerHost: 10_000, maxBytesPerHost: 8 * 1024 * 1024 };

/**
 * When a file is full it is rewritten down to this share of its limits, so a full file costs one
 * rewrite per tenth of its capacity rather than one per append.
 */
const COMPACT_TO = 0.9;

/** How a corrupt file was dealt with: moved aside (kept as evidence) and its valid lines kept. */
export interface HistoryRecovery {
  movedTo: string;
  /** What was wrong with the file, in English (`source:line: message`)... */
  reason: string;
  /** ...and as a phrase, for the front end's language. */
  reasonPhrase: Phrase;
}

/**
 * Per-host history as JSON Lines files under one directory: one file per host, appended to,
 * bounded in entries and bytes (oldest dropped by an atomic rewrite), surviving restarts. A corrupt
 * file is moved aside with the reason and its valid lines are kept: never fatal. Operations on one
 * host run one at a time; different hosts do not wait for each other.
 *
 * One store instance should own a directory: two processes appending to the same host's file would
 * each compact from their own view of it.
 */
export class HistoryStore {
  private readonly limits: HistoryLimits;
  private readonly logs = new Map<string, HistoryLog>();
  private readonly recoveries = new Map<string, HistoryRecovery>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    readonly dir: string,
    limits: HistoryLimits = DEFAULT_HISTORY_LIMITS,
  ) {
    if (!(limits.maxEntriesPerHost >= 1 && limits.maxBytesPerHost >= 1))
      throw new RangeError('history limits must be at least 1');
    this.limits = { ...limits };
  }

  /** The file that holds `hostId`'s history. */
  fileFor(hostId: string): string {
    return join(this.dir, historyFileName(hostId));
  }

  /**
   * Appends one entry, dropping the oldest when a bound would be passed. Rejects when the entry
   * alone is larger than the byte bound (nothing is written), and on file system errors.
   * @throws TypeError for an entry that would not read back (e.g. NaN times): a programming error
   */
  append(hostId: string, entry: HistoryEntry): Promise<void> {
    const line = JSON.stringify(entry);
    const check = parseHistoryLine(line, 'entry', 1);
    if (!check.ok) return Promise.reject(new TypeError(`invalid history entry: ${check.error.message}`));
    const size = lineBytes(line);
    if (size > this.limits.maxBytesPerHost) {
      return Promise.reject(
        new RangeError(
          `a history entry of ${size} bytes exceeds the limit of ${this.limits.maxBytesPerHost} bytes per host`,
        ),
      );
    }
    return this.serial(hostId, async () => {
      const log = await this.load(hostId);
      const path = this.fileFor(hostId);
      if (log.entries.length + 1 > this.limits.maxEntriesPerHost || log.bytes + size > this.limits.maxBytesPerHost) {
        const kept = keepNewest(
          log,
          Math.floor(this.limits.maxEntriesPerHost * COMPACT_TO) - 1,
          Math.floor(this.limits.maxBytesPerHost * COMPACT_TO) - size,
        );
        await writeHistoryFile(path, [...kept.lines, line]);
        this.logs.set(hostId, {
          entries: [...kept.entries, check.value],
          lines: [...kept.lines, line],
          bytes: kept.bytes + size,
        });
        return;
      }
      await appendHistoryLine(path, line);
      log.entries.push(check.value);
      log.lines.push(line);
      log.bytes += size;
    });
  }

  /**
   * Every entry of `hostId`, oldest first (in the order appended). `recovered` is set once, on the
   * first read after a corrupt file was found (by this read or an earlier append).
   */
  read(hostId: string): Promise<{ entries: HistoryEntry[]; recovered?: HistoryRecovery }> {
    return this.serial(hostId, async () => {
      const log = await this.load(hostId);
      const recovered = this.recoveries.get(hostId);
      this.recoveries.delete(hostId);
      return recovered ? { entries: [...log.entries], recovered } : { entries: [...log.entries] };
    });
  }

  /**
   * failcnt growth of one resource over the last `windowMs` ms of stored samples (reset-aware, see
   * `failcntGrowth`). Answers from memory: `undefined` until the host was read or appended to in
   * this process, and when fewer than two samples in the window have the resource.
   */
  growth(hostId: string, resource: string, containerId: string, windowMs: number): HistoryGrowth | undefined {
    const log = this.logs.get(hostId);
    return log === undefined ? undefined : failcntGrowth(log.entries, failcntKey(containerId, resource), windowMs);
  }

  /** The cached log, or the file read (recovered and trimmed to the limits when needed). */
  private async load(hostId: string): Promise<HistoryLog> {
    const cached = this.logs.get(hostId);
    if (cached) return cached;
    await ensureHistoryDir(this.dir);
    const path = this.fileFor(hostId);
    const loaded = await loadHistoryFile(path);
    let log = loaded.log;
    const over = log.entries.length > this.limits.maxEntriesPerHost || log.bytes > this.limits.maxBytesPerHost;
    if (over) log = keepNewest(log, this.limits.maxEntriesPerHost, this.limits.maxBytesPerHost);
    if (loaded.corrupt !== undefined) {
      // Keep the damaged file as evidence, then continue with what could be read.
      const movedTo = await moveAside(path, Date.now());
      this.recoveries.set(hostId, { movedTo, reason: renderPhrase(loaded.corrupt), reasonPhrase: loaded.corrupt });
    }
    if (loaded.corrupt !== undefined || over) await writeHistoryFile(path, log.lines);
    this.logs.set(hostId, log);
    return log;
  }

  private serial<T>(hostId: string, job: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(hostId) ?? Promise.resolve()).then(job, job);
    const tail = run.catch(() => undefined);
    this.queues.set(hostId, tail);
    // Forget the queue once idle, so the map does not grow with every host ever seen.
    void tail.then(() => {
      if (this.queues.get(hostId) === tail) this.queues.delete(hostId);
    });
    return run;
  }
}

/** The newest entries that fit in `maxEntries` and `maxBytes` (either may be 0: nothing kept). */
function keepNewest(log: HistoryLog, maxEntries: number, maxBytes: number): HistoryLog {
  let start = log.lines.length;
  let bytes = 0;
  while (start > 0 && log.lines.length - start < maxEntries) {
    const next = lineBytes(log.lines[start - 1]!);
    if (bytes + next > maxBytes) break;
    bytes += next;
    start--;
  }
  return { entries: log.entries.slice(start), lines: log.lines.slice(start), bytes };
}
