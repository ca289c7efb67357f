import { phrase } from '../../shared/l10n/phrase';
import { isUtf8 } from 'node:buffer';
import { embeddedText, type EmbeddedLines } from '../embeddedLines';
import type { Result } from '../result';
import { bytesAt, lineContentEnd, type FrameSection } from './frame';
import { sampleError, type SampleError } from './sampleError';

/** What reading one remote file gave. `text` is the file's content with LF line ends. */
export type RawFile =
  { state: 'ok'; text: string } | { state: 'missing' } | { state: 'needsRoot' } | { state: 'error'; message: string };

const GREP_ERROR = Buffer.from('grep: ');
const COLON = 0x3a;
const LF = 0x0a;

/** grep's own wording under LC_ALL=C (GNU and BusyBox print the same strerror text). */
function classify(message: string): RawFile {
  if (message === 'No such file or directory') return { state: 'missing' };
  if (message === 'Permission denied' || message === 'Operation not permitted') return { state: 'needsRoot' };
  return { state: 'error', message };
}

/** Files whose text is still inside the sample's output, and where (see {@link embeddedLinesOf}). */
const EMBEDDED = new WeakMap<RawFile, EmbeddedLines>();

/**
 * Where an `ok` file's lines sit in the output it was read from (each as `path:line`, docs/method.md §6.1),
 * so a parser of a big file, such as a host node's beancounters of several megabytes, reads them in place;
 * undefined for a file built otherwise.
 */
export function embeddedLinesOf(file: RawFile): EmbeddedLines | undefined {
  return EMBEDDED.get(file);
}

/** An `ok` file whose text is copied out of the output only when someone reads it, once. */
function embeddedFile(lines: EmbeddedLines): RawFile {
  let text: string | undefined;
  const file = {
    state: 'ok' as const,
    get text(): string {
      return (text ??= embeddedText(lines));
    },
  };
  EMBEDDED.set(file, lines);
  return file;
}

/**
 * Where one file's lines are in the section, as runs of lines that follow each other with nothing dropped:
 * `[from, to, from, to, ...]`, each run from its first line's start to its last line's end. One run in
 * the usual case; a CRLF relay (whose CRs are dropped) makes one per line.
 */
type FileRuns = number[];

/**
 * Turns the `grep -H` lines of one section into a file per requested name. A name with neither lines
 * nor an error is an empty file. A line naming a file we did not ask for is a framing error.
 */
export function readGrepSection(
  section: FrameSection | undefined,
  names: readonly string[],
): Result<Map<string, RawFile>, SampleError> {
  const files = new Map<string, RawFile>();
  if (section === undefined) return { ok: true, value: files };
  const wanted = new Set(names);
  const { buf, from, to, firstLine } = section.lines;
  // Valid as a whole means every line is; only otherwise is each line checked.
  const allValid = isUtf8(buf.subarray(from, to));
  const content = new Map<string, FileRuns>();
  // grep prints a file's lines together, so a line usually names the file the one before it named.
  let last: { name: string; prefix: Buffer; runs: FileRuns } | undefined;
  // Every line of a section ends with an LF: the closing control line follows it.
  for (let start = from, line = firstLine; start < to; line++) {
    const nl = buf.indexOf(LF, start);
    const end = lineContentEnd(buf, start, nl);
    const lineStart = start;
    start = nl + 1;
    if (bytesAt(buf, lineStart, GREP_ERROR) && lineStart + GREP_ERROR.length <= end) {
      const rest = buf.toString('utf8', lineStart + GREP_ERROR.length, end);
      const sep = rest.indexOf(': ');
      const name = sep === -1 ? '' : rest.slice(0, sep);
      if (!wanted.has(name)) return unexpected(line);
      // The first error wins: a file that failed part-way must not pass as complete.
      if (!files.has(name)) files.set(name, classify(rest.slice(sep + 2)));
      continue;
    }
    // `last.prefix` is `name:` with no colon in the name, so a line starting with it has its first colon there.
    const same = last !== undefined && lineStart + last.prefix.length <= end && bytesAt(buf, lineStart, last.prefix);
    let sep = same ? lineStart + last!.name.length : -1;
    let name = same ? last!.name : '';
    if (!same) {
      const colon = buf.indexOf(COLON, lineStart);
      sep = colon === -1 || colon >= end ? -1 : colon;
      name = sep === -1 ? '' : buf.toString('utf8', lineStart, sep);
      if (!wanted.has(name)) return unexpected(line);
    }
    if (!allValid && !isUtf8(buf.subarray(lineStart, end))) {
      if (!files.has(name)) files.set(name, { state: 'error', message: `invalid UTF-8 on output line ${line}` });
      continue;
    }
    if (!same) {
      const runs = content.get(name) ?? [];
      content.set(name, runs);
      last = { name, prefix: buf.subarray(lineStart, sep + 1), runs };
    }
    const runs = last!.runs;
    if (runs.length !== 0 && runs[runs.length - 1] === lineStart - 1) runs[runs.length - 1] = end;
    else runs.push(lineStart, end);
  }
  // grep exits 0, 1 or 2 after reading every file; more (128+N) means it was killed part-way.
  const died = section.rc > 2;
  for (const name of names) {
    if (files.has(name)) continue;
    if (died) files.set(name, { state: 'error', message: `reading stopped early (grep exit status ${section.rc})` });
    else files.set(name, okFile(buf, name, content.get(name)));
  }
  return { ok: true, value: files };
}

/** A file whose lines are one run in the output is read in place; otherwise (a CRLF relay) its text is decoded now. */
function okFile(buf: Buffer, name: string, runs: FileRuns | undefined): RawFile {
  if (runs === undefined) return { state: 'ok', text: '' };
  const prefix = `${name}:`;
  if (runs.length === 2) return embeddedFile({ bytes: buf, from: runs[0]!, to: runs[1]!, prefix });
  const parts: string[] = [];
  for (let k = 0; k < runs.length; k += 2)
    parts.push(embeddedText({ bytes: buf, from: runs[k]!, to: runs[k + 1]!, prefix }));
  return { state: 'ok', text: parts.join('') };
}

const unexpected = (line: number) =>
  sampleError(
    'malformed',
    phrase(
      'Output line {0} names a file the sampling script did not read, so the output cannot be trusted. Sample again; if it repeats, report the captured output.',
      line,
    ),
    line,
  );
