import type { Result } from '../result';
import type { FrameSection } from './frame';
import { sampleError, type SampleError } from './sampleError';

/** What reading one remote file gave. `text` is the file's content with LF line ends. */
export type RawFile =
  | { state: 'ok'; text: string }
  | { state: 'missing' }
  | { state: 'needsRoot' }
  | { state: 'error'; message: string };

const GREP_ERROR = 'grep: ';

/** grep's own wording under LC_ALL=C (GNU and BusyBox print the same strerror text). */
function classify(message: string): RawFile {
  if (message === 'No such file or directory') return { state: 'missing' };
  if (message === 'Permission denied' || message === 'Operation not permitted') return { state: 'needsRoot' };
  return { state: 'error', message };
}

/**
 * Turns the `grep -H` lines of one section into a file per requested name. A name with neither lines
 * nor an error is an empty file. A line naming a file we did not ask for is a framing error.
 */
export function readGrepSection(section: FrameSection | undefined, names: readonly string[]): Result<Map<string, RawFile>, SampleError> {
  const files = new Map<string, RawFile>();
  if (section === undefined) return { ok: true, value: files };
  const wanted = new Set(names);
  const content = new Map<string, string[]>();
  for (const l of section.lines) {
    if (l.text.startsWith(GREP_ERROR)) {
      const rest = l.text.slice(GREP_ERROR.length);
      const sep = rest.indexOf(': ');
      const name = sep === -1 ? '' : rest.slice(0, sep);
      if (!wanted.has(name)) return unexpected(l.line);
      // The first error wins: a file that failed part-way must not pass as complete.
      if (!files.has(name)) files.set(name, classify(rest.slice(sep + 2)));
      continue;
    }
    const sep = l.text.indexOf(':');
    const name = sep === -1 ? '' : l.text.slice(0, sep);
    if (!wanted.has(name)) return unexpected(l.line);
    if (!l.validUtf8) {
      if (!files.has(name)) files.set(name, { state: 'error', message: `invalid UTF-8 on output line ${l.line}` });
      continue;
    }
    const lines = content.get(name) ?? [];
    lines.push(l.text.slice(sep + 1));
    content.set(name, lines);
  }
  // grep exits 0, 1 or 2 after reading every file; more (128+N) means it was killed part-way.
  const died = section.rc > 2;
  for (const name of names) {
    if (files.has(name)) continue;
    if (died) files.set(name, { state: 'error', message: `reading stopped early (grep exit status ${section.rc})` });
    else {
      const lines = content.get(name);
      files.set(name, { state: 'ok', text: lines === undefined ? '' : lines.join('\n') + '\n' });
    }
  }
  return { ok: true, value: files };
}

const unexpected = (line: number) =>
  sampleError('malformed', `Output line ${line} names a file the sampling script did not read, so the output cannot be trusted. Sample again; if it repeats, report the captured output.`, line);
