/**
 * The earlier, line-object implementation of the sample framing (`readFrame` + `readGrepSection`), kept
 * only as an oracle for the differential tests of the byte-range one in src/core/remote/. It decodes and
 * keeps every line on its own, the plainest reading of the protocol in catalog.ts. Errors are reduced to
 * their reason and line, which is what the tests compare.
 */
import { isUtf8 } from 'node:buffer';
import type { RawFile } from '../../src/core/remote/grepSection';

export interface OracleLine {
  line: number;
  text: string;
  validUtf8: boolean;
}

export type OracleError = { reason: 'malformed' | 'wrongNonce' | 'unexpectedEnvironment' | 'truncated'; line: number };

export interface OracleFrame {
  sections: Map<string, { lines: OracleLine[]; rc: number }>;
  texts: Map<string, { text: string; rc: number | null; validUtf8: boolean }>;
  facts: Map<string, string[]>;
}

const LF = 0x0a;

function countLines(buf: Buffer, end: number): number {
  let n = 0;
  for (let i = buf.indexOf(LF); i !== -1 && i < end; i = buf.indexOf(LF, i + 1)) n++;
  return n;
}

export function oracleReadFrame(stdout: Buffer, nonce: string, commandId: string): OracleFrame | OracleError {
  const control = `__VPSD_${nonce} `;
  const begin = stdout.indexOf(`${control}begin ${commandId}`);
  if (begin === -1) {
    const foreign = /__VPSD_([0-9a-f]+) begin /.exec(stdout.toString('latin1'));
    if (!foreign) return { reason: 'unexpectedEnvironment', line: 0 };
    const line = countLines(stdout, foreign.index) + 1;
    return { reason: foreign[1] === nonce ? 'malformed' : 'wrongNonce', line };
  }
  const beginLineEnd = stdout.indexOf(LF, begin);
  const beginLine = countLines(stdout, begin) + 1;
  if (beginLineEnd === -1) return { reason: 'truncated', line: beginLine };
  const beginTail = stdout.toString(
    'latin1',
    begin + control.length + 'begin '.length + commandId.length,
    beginLineEnd,
  );
  if (beginTail !== '' && beginTail !== '\r') return { reason: 'malformed', line: beginLine };

  const lines: OracleLine[] = [];
  const buf = stdout.subarray(beginLineEnd + 1);
  for (let start = 0; start < buf.length;) {
    let end = buf.indexOf(LF, start);
    const next = end === -1 ? buf.length : end + 1;
    if (end === -1) end = buf.length;
    const raw = end > start && buf[end - 1] === 0x0d ? buf.subarray(start, end - 1) : buf.subarray(start, end);
    lines.push({ line: beginLine + 1 + lines.length, text: raw.toString('utf8'), validUtf8: isUtf8(raw) });
    start = next;
  }

  const frame: OracleFrame = { sections: new Map(), texts: new Map(), facts: new Map() };
  let open: { kind: 'section' | 'text'; name: string; lines: OracleLine[] } | null = null;
  for (const l of lines) {
    if (!(l.validUtf8 && l.text.startsWith(control))) {
      if (open === null) return { reason: 'malformed', line: l.line };
      open.lines.push(l);
      continue;
    }
    const [word = '', ...rest] = l.text.slice(control.length).split(' ');
    if (open !== null) {
      if (word !== 'close') return { reason: 'malformed', line: l.line };
      const status = rest.join(' ');
      const rc =
        rest.length === 0 ? null : /^[0-9]{1,3}$/.test(status) && Number(status) <= 255 ? Number(status) : undefined;
      if (rc === undefined || (open.kind === 'section' && rc === null)) return { reason: 'malformed', line: l.line };
      if (open.kind === 'section') frame.sections.set(open.name, { lines: open.lines, rc: rc ?? 0 });
      else
        frame.texts.set(open.name, {
          text: open.lines.map((x) => x.text).join('\n'),
          rc,
          validUtf8: open.lines.every((x) => x.validUtf8),
        });
      open = null;
      continue;
    }
    if (word === 'end' && rest.length === 0) return frame;
    const [name = ''] = rest;
    if ((word === 'section' || word === 'text') && rest.length === 1 && name !== '') {
      if (frame.sections.has(name) || frame.texts.has(name)) return { reason: 'malformed', line: l.line };
      open = { kind: word, name, lines: [] };
    } else if (word === 'fact' && name !== '') {
      frame.facts.set(name, [...(frame.facts.get(name) ?? []), rest.slice(1).join(' ')]);
    } else {
      return { reason: 'malformed', line: l.line };
    }
  }
  return { reason: 'truncated', line: lines.length > 0 ? lines[lines.length - 1]!.line : beginLine };
}

export function oracleReadGrepSection(
  section: { lines: OracleLine[]; rc: number } | undefined,
  names: readonly string[],
): Map<string, RawFile> | OracleError {
  const files = new Map<string, RawFile>();
  if (section === undefined) return files;
  const wanted = new Set(names);
  const content = new Map<string, string[]>();
  for (const l of section.lines) {
    if (l.text.startsWith('grep: ')) {
      const rest = l.text.slice('grep: '.length);
      const sep = rest.indexOf(': ');
      const name = sep === -1 ? '' : rest.slice(0, sep);
      if (!wanted.has(name)) return { reason: 'malformed', line: l.line };
      const message = rest.slice(sep + 2);
      if (!files.has(name)) {
        files.set(
          name,
          message === 'No such file or directory'
            ? { state: 'missing' }
            : message === 'Permission denied' || message === 'Operation not permitted'
              ? { state: 'needsRoot' }
              : { state: 'error', message },
        );
      }
      continue;
    }
    const sep = l.text.indexOf(':');
    const name = sep === -1 ? '' : l.text.slice(0, sep);
    if (!wanted.has(name)) return { reason: 'malformed', line: l.line };
    if (!l.validUtf8) {
      if (!files.has(name)) files.set(name, { state: 'error', message: `invalid UTF-8 on output line ${l.line}` });
      continue;
    }
    const lines = content.get(name) ?? [];
    lines.push(l.text.slice(sep + 1));
    content.set(name, lines);
  }
  for (const name of names) {
    if (files.has(name)) continue;
    if (section.rc > 2)
      files.set(name, { state: 'error', message: `reading stopped early (grep exit status ${section.rc})` });
    else files.set(name, { state: 'ok', text: content.has(name) ? content.get(name)!.join('\n') + '\n' : '' });
  }
  return files;
}
