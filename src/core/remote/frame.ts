import { isUtf8 } from 'node:buffer';
import type { Result } from '../result';
import { MARKER_PREFIX } from './catalog';
import { sampleError, type SampleError } from './sampleError';

/** One line of a command's stdout, without its line end. */
export interface FrameLine {
  /** 1-based line number in the whole stdout. */
  line: number;
  /** Decoded leniently (invalid bytes become U+FFFD); check `validUtf8` before trusting it. */
  text: string;
  validUtf8: boolean;
}

/** `grep -H` output between `section <name>` and `close <rc>`. */
export interface FrameSection {
  lines: FrameLine[];
  /** grep's exit status: 0 lines found, 1 none, 2 some file unreadable, more = it died. */
  rc: number;
}

/** Raw text between `text <name>` and `close [rc]`, with the extra newline the script adds removed. */
export interface FrameText {
  text: string;
  /** Exit status reported with the block, or null when the block carries none. */
  rc: number | null;
  validUtf8: boolean;
}

/** The marked part of a catalog command's output, split by its control lines (catalog.ts). */
export interface Frame {
  sections: Map<string, FrameSection>;
  texts: Map<string, FrameText>;
  /** `fact <key> <value>` lines; a key may repeat (e.g. `exists`). Values are server text. */
  facts: Map<string, string[]>;
}

const LF = 0x0a;
const NONCE_PATTERN = /^[0-9a-f]{16,64}$/;

/** Splits a buffer into lines on LF; a trailing CR is dropped (a pty or relay may add it; /proc text never holds CR). */
function splitBufferLines(buf: Buffer, firstLine: number): FrameLine[] {
  const lines: FrameLine[] = [];
  let start = 0;
  while (start < buf.length) {
    let end = buf.indexOf(LF, start);
    const next = end === -1 ? buf.length : end + 1;
    if (end === -1) end = buf.length;
    const raw = end > start && buf[end - 1] === 0x0d ? buf.subarray(start, end - 1) : buf.subarray(start, end);
    lines.push({ line: firstLine + lines.length, text: raw.toString('utf8'), validUtf8: isUtf8(raw) });
    start = next;
  }
  return lines;
}

function countLines(buf: Buffer, end: number): number {
  let n = 0;
  for (let i = buf.indexOf(LF); i !== -1 && i < end; i = buf.indexOf(LF, i + 1)) n++;
  return n;
}

const malformed = (line: number, what: string) =>
  sampleError('malformed', `Output line ${line} ${what}, which the sampling script never prints, so the output cannot be trusted. Sample again; if it repeats, report the captured output.`, line);

/**
 * Finds this run's start marker, ignoring anything before it (shell banners, rc files), and splits
 * what follows up to the end marker. Total: returns a typed error for any stdout, never throws.
 */
export function readFrame(stdout: Buffer, nonce: string, commandId: string): Result<Frame, SampleError> {
  if (!NONCE_PATTERN.test(nonce)) return sampleError('malformed', `The nonce ${JSON.stringify(nonce)} is not 16-64 hex digits.`);
  const control = `${MARKER_PREFIX}${nonce} `;
  const begin = stdout.indexOf(`${control}begin ${commandId}`);
  if (begin === -1) {
    const foreign = /__VPSD_([0-9a-f]+) begin /.exec(stdout.toString('latin1'));
    if (foreign) {
      const line = countLines(stdout, foreign.index) + 1;
      if (foreign[1] === nonce) return malformed(line, `starts a command other than ${commandId}`);
      return sampleError('wrongNonce', 'The output carries markers of another run (a different nonce), so it was discarded. Sample again.', line);
    }
    return sampleError('unexpectedEnvironment', 'The server printed no start marker: the read-only script did not run. A ForceCommand, a restricted login shell or a missing /bin/sh would do this; check the account on the server.');
  }
  const beginLineEnd = stdout.indexOf(LF, begin);
  const beginLine = countLines(stdout, begin) + 1;
  if (beginLineEnd === -1) return truncated(beginLine);
  const beginTail = stdout.toString('latin1', begin + control.length + 'begin '.length + commandId.length, beginLineEnd);
  if (beginTail !== '' && beginTail !== '\r') return malformed(beginLine, 'continues after the start marker');
  const lines = splitBufferLines(stdout.subarray(beginLineEnd + 1), beginLine + 1);

  const frame: Frame = { sections: new Map(), texts: new Map(), facts: new Map() };
  let open: { kind: 'section' | 'text'; name: string; lines: FrameLine[] } | null = null;
  for (const l of lines) {
    const isControl = l.validUtf8 && l.text.startsWith(control);
    if (!isControl) {
      if (open === null) return malformed(l.line, 'is outside every section');
      open.lines.push(l);
      continue;
    }
    const [word = '', ...rest] = l.text.slice(control.length).split(' ');
    if (open !== null) {
      if (word !== 'close') return malformed(l.line, `has the control word ${JSON.stringify(word)} inside ${open.name}`);
      const rc = rest.length === 0 ? null : parseRc(rest.join(' '));
      if (rc === undefined || (open.kind === 'section' && rc === null)) return malformed(l.line, 'has an invalid exit status');
      if (open.kind === 'section') frame.sections.set(open.name, { lines: open.lines, rc: rc ?? 0 });
      else frame.texts.set(open.name, textBlock(open.lines, rc));
      open = null;
      continue;
    }
    if (word === 'end' && rest.length === 0) return { ok: true, value: frame };
    const [name = ''] = rest;
    if ((word === 'section' || word === 'text') && rest.length === 1 && name !== '') {
      if (frame.sections.has(name) || frame.texts.has(name)) return malformed(l.line, `repeats the block ${name}`);
      open = { kind: word, name, lines: [] };
    } else if (word === 'fact' && name !== '') {
      const values = frame.facts.get(name) ?? [];
      values.push(rest.slice(1).join(' '));
      frame.facts.set(name, values);
    } else {
      return malformed(l.line, `has the unknown control word ${JSON.stringify(word)}`);
    }
  }
  return truncated(lines.length > 0 ? lines[lines.length - 1]!.line : beginLine);
}

function truncated(line: number): { ok: false; error: SampleError } {
  return sampleError('truncated', 'The output stopped before the end marker, so it is incomplete and was discarded. Sample again; if it keeps happening, check the connection or raise the time and output limits.', line);
}

/** Exit statuses are 0-255 (shells report 128+N for signal N); undefined = not a status. */
function parseRc(s: string): number | undefined {
  if (!/^[0-9]{1,3}$/.test(s)) return undefined;
  const rc = Number(s);
  return rc <= 255 ? rc : undefined;
}

/** The script prints one newline after the block, so the block's lines joined by LF are the exact text. */
function textBlock(lines: FrameLine[], rc: number | null): FrameText {
  return { text: lines.map((l) => l.text).join('\n'), rc, validUtf8: lines.every((l) => l.validUtf8) };
}
