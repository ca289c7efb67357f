import { phrase, type Phrase } from '../../shared/l10n/phrase';
import { isAscii, isUtf8 } from 'node:buffer';
import type { Result } from '../result';
import { MARKER_PREFIX } from './catalog';
import { sampleError, type SampleError } from './sampleError';

/**
 * Consecutive lines of a command's stdout, still as bytes: `buf[from, to)`, each line ended by LF (a
 * trailing CR before it is not part of the line), the first being line `firstLine` of the whole stdout.
 */
export interface FrameLines {
  buf: Buffer;
  from: number;
  to: number;
  firstLine: number;
}

/** `grep -H` output between `section <name>` and `close <rc>`. */
export interface FrameSection {
  lines: FrameLines;
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
const CR = 0x0d;
const NONCE_PATTERN = /^[0-9a-f]{16,64}$/;

/** End of the line starting at `start` whose LF is at `nl`: before a trailing CR (a pty or relay may add it; /proc text never holds CR). */
export const lineContentEnd = (buf: Buffer, start: number, nl: number): number =>
  nl > start && buf[nl - 1] === CR ? nl - 1 : nl;

/** Whether `buf` holds `bytes` at `at`. */
export function bytesAt(buf: Buffer, at: number, bytes: Uint8Array): boolean {
  if (at + bytes.length > buf.length) return false;
  for (let k = 0; k < bytes.length; k++) if (buf[at + k] !== bytes[k]) return false;
  return true;
}

/** LFs in buf[from, to). */
function countLf(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(LF, from); i !== -1 && i < to; i = buf.indexOf(LF, i + 1)) n++;
  return n;
}

/** The first line start at or after the line start `from` where `control` begins, or the buffer's length. */
function nextControl(buf: Buffer, control: Buffer, from: number): number {
  let at = buf.indexOf(control, from);
  while (at !== -1 && at !== from && buf[at - 1] !== LF) at = buf.indexOf(control, at + 1);
  return at === -1 ? buf.length : at;
}

const malformed = (line: number, what: Phrase) =>
  sampleError(
    'malformed',
    phrase(
      'Output line {0} {1}, which the sampling script never prints, so the output cannot be trusted. Sample again; if it repeats, report the captured output.',
      line,
      what,
    ),
    line,
  );

/**
 * Finds this run's start marker, ignoring anything before it (shell banners, rc files), and splits
 * what follows up to the end marker. Total: returns a typed error for any stdout, never throws.
 */
export function readFrame(stdout: Buffer, nonce: string, commandId: string): Result<Frame, SampleError> {
  if (!NONCE_PATTERN.test(nonce))
    return sampleError('malformed', `The nonce ${JSON.stringify(nonce)} is not 16-64 hex digits.`);
  const control = `${MARKER_PREFIX}${nonce} `;
  const begin = stdout.indexOf(`${control}begin ${commandId}`);
  if (begin === -1) {
    const foreign = /__VPSD_([0-9a-f]+) begin /.exec(stdout.toString('latin1'));
    if (foreign) {
      const line = countLf(stdout, 0, foreign.index) + 1;
      if (foreign[1] === nonce) return malformed(line, phrase('starts a command other than {0}', commandId));
      return sampleError(
        'wrongNonce',
        phrase('The output carries markers of another run (a different nonce), so it was discarded. Sample again.'),
        line,
      );
    }
    return sampleError(
      'unexpectedEnvironment',
      phrase(
        'The server printed no start marker: the read-only script did not run. A ForceCommand, a restricted login shell or a missing /bin/sh would do this; check the account on the server.',
      ),
    );
  }
  const beginLineEnd = stdout.indexOf(LF, begin);
  const beginLine = countLf(stdout, 0, begin) + 1;
  if (beginLineEnd === -1) return truncated(beginLine);
  const beginTail = stdout.toString(
    'latin1',
    begin + control.length + 'begin '.length + commandId.length,
    beginLineEnd,
  );
  if (beginTail !== '' && beginTail !== '\r') return malformed(beginLine, phrase('continues after the start marker'));
  const controlBytes = Buffer.from(control);

  // Line by line between blocks; inside one, straight to the next line that starts with the control
  // prefix, so a block's lines are neither decoded nor cut here (a host node's beancounters are megabytes).
  const frame: Frame = { sections: new Map(), texts: new Map(), facts: new Map() };
  let open: { kind: 'section' | 'text'; name: string; from: number; firstLine: number } | null = null;
  let pos = beginLineEnd + 1;
  let line = beginLine + 1;
  while (pos < stdout.length) {
    if (open !== null) {
      const at = nextControl(stdout, controlBytes, pos);
      line += countLf(stdout, pos, at);
      if (at === stdout.length) {
        // The block runs to the end; a last line without an LF counts too.
        if (stdout[at - 1] !== LF) line++;
        break;
      }
      pos = at;
    }
    let nl = stdout.indexOf(LF, pos);
    const next = nl === -1 ? stdout.length : nl + 1;
    if (nl === -1) nl = stdout.length;
    const end = lineContentEnd(stdout, pos, nl);
    const isControl = bytesAt(stdout, pos, controlBytes) && isUtf8(stdout.subarray(pos, end));
    if (!isControl) {
      if (open === null) return malformed(line, phrase('is outside every section'));
      pos = next;
      line++;
      continue;
    }
    const [word = '', ...rest] = stdout.toString('utf8', pos + controlBytes.length, end).split(' ');
    if (open !== null) {
      if (word !== 'close')
        return malformed(line, phrase('has the control word {0} inside {1}', JSON.stringify(word), open.name));
      const rc = rest.length === 0 ? null : parseRc(rest.join(' '));
      if (rc === undefined || (open.kind === 'section' && rc === null))
        return malformed(line, phrase('has an invalid exit status'));
      const lines: FrameLines = { buf: stdout, from: open.from, to: pos, firstLine: open.firstLine };
      if (open.kind === 'section') frame.sections.set(open.name, { lines, rc: rc ?? 0 });
      else frame.texts.set(open.name, textBlock(lines, rc));
      open = null;
    } else if (word === 'end' && rest.length === 0) {
      return { ok: true, value: frame };
    } else {
      const [name = ''] = rest;
      if ((word === 'section' || word === 'text') && rest.length === 1 && name !== '') {
        if (frame.sections.has(name) || frame.texts.has(name))
          return malformed(line, phrase('repeats the block {0}', name));
        open = { kind: word, name, from: next, firstLine: line + 1 };
      } else if (word === 'fact' && name !== '') {
        const values = frame.facts.get(name) ?? [];
        values.push(rest.slice(1).join(' '));
        frame.facts.set(name, values);
      } else {
        return malformed(line, phrase('has the unknown control word {0}', JSON.stringify(word)));
      }
    }
    pos = next;
    line++;
  }
  // `line` is the number the next line would have.
  return truncated(line - 1);
}

function truncated(line: number): { ok: false; error: SampleError } {
  return sampleError(
    'truncated',
    phrase(
      'The output stopped before the end marker, so it is incomplete and was discarded. Sample again; if it keeps happening, check the connection or raise the time and output limits.',
    ),
    line,
  );
}

/** Exit statuses are 0-255 (shells report 128+N for signal N); undefined = not a status. */
function parseRc(s: string): number | undefined {
  if (!/^[0-9]{1,3}$/.test(s)) return undefined;
  const rc = Number(s);
  return rc <= 255 ? rc : undefined;
}

/** The script prints one newline after the block, so the block's lines joined by LF are the exact text. */
function textBlock(lines: FrameLines, rc: number | null): FrameText {
  const { buf, from, to } = lines;
  if (from === to) return { text: '', rc, validUtf8: true };
  const raw = buf.subarray(from, to - 1);
  if (!isUtf8(raw)) {
    // Decoded line by line, as each is on its own.
    const parts: string[] = [];
    for (let start = from; start < to;) {
      const nl = buf.indexOf(LF, start);
      parts.push(buf.toString('utf8', start, lineContentEnd(buf, start, nl)));
      start = nl + 1;
    }
    return { text: parts.join('\n'), rc, validUtf8: false };
  }
  // Valid UTF-8 decodes the same whole or line by line: LF and CR are bytes no multi-byte sequence holds.
  const text = raw.toString(isAscii(raw) ? 'latin1' : 'utf8');
  return {
    text: text.includes('\r')
      ? text
          .split('\n')
          .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
          .join('\n')
      : text,
    rc,
    validUtf8: true,
  };
}
