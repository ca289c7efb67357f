import { embeddedText, type EmbeddedLines } from '../embeddedLines';
import { phrase, type Phrase } from '../../shared/l10n/phrase';
import { ok, parseErrorOf, splitLines, type Result } from '../result';
import { HEADER_TEXT, isHeader, KNOWN_VERSIONS, tokens } from './format';
import { clip } from './numbers';
import { explainNotTheFile } from './notTheFile';
import { parseRow } from './row';
import { scanText, scanWellFormed } from './scan';
import type { BeancounterTable, Container } from './types';

const DEFAULT_SOURCE = '/proc/user_beancounters';

const RESOURCE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ROW_SHAPE = 'resource, held, maxheld, barrier, limit, failcnt';

/**
 * Parses `/proc/user_beancounters` (or `/proc/bc/resources`) as every OpenVZ/Virtuozzo kernel prints
 * it (docs/method.md §1.1): a `Version:` line, the column header, then one block per
 * beancounter whose first row starts with `<id>:`. Tokens are split on any whitespace, so 32- and
 * 64-bit column widths, tabs and CRLF all parse alike; blank lines are ignored.
 *
 * `dummy` rows are dropped; barrier and limit equal to LONG_MAX (64- or 32-bit) become `null`.
 * An unknown version is parsed best-effort and flagged with `versionKnown: false`.
 * Never throws: anything else (empty output, an error message instead of the file, a cut-short or
 * garbled row, a number too large to hold exactly) is a ParseError naming the line.
 *
 * A well-formed file goes through a one-pass scanner (scan.ts), which a fleet exporter pays on every
 * scrape; anything it does not expect is parsed line by line, which gives the same table or names the problem.
 */
export function parseBeancounters(text: string, source: string = DEFAULT_SOURCE): Result<BeancounterTable> {
  const scanned = scanText(text);
  return scanned !== undefined ? ok(scanned) : parseBeancountersByLine(text, source);
}

/**
 * Parses a file read in place inside a larger output (a sample's `grep -H` lines), with the same answer
 * as {@link parseBeancounters} on its text; the text is copied out only when the file is not well-formed.
 */
export function parseBeancountersIn(lines: EmbeddedLines, source: string = DEFAULT_SOURCE): Result<BeancounterTable> {
  const scanned = scanWellFormed(lines.bytes, lines.from, lines.to, lines.prefix);
  return scanned !== undefined ? ok(scanned) : parseBeancountersByLine(embeddedText(lines), source);
}

/**
 * The line-by-line parser: the reference for every input and the one that explains errors. Exported
 * so tests can check the scanner against it.
 */
export function parseBeancountersByLine(text: string, source: string = DEFAULT_SOURCE): Result<BeancounterTable> {
  const lines = splitLines(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const fail = (index: number, p: Phrase) => parseErrorOf(source, index + 1, p);
  const nextContent = (from: number): number => {
    let i = from;
    while (i < lines.length && lines[i].trim() === '') i++;
    return i;
  };

  const versionAt = nextContent(0);
  if (versionAt === lines.length) {
    return parseErrorOf(
      source,
      0,
      phrase('the output is empty; expected /proc/user_beancounters, which starts with "Version: 2.5"'),
    );
  }
  const versionTokens = tokens(lines[versionAt]);
  if (versionTokens[0] !== 'Version:' || versionTokens.length !== 2) {
    return fail(
      versionAt,
      explainNotTheFile(lines[versionAt]) ??
        phrase(
          'expected the header "Version: 2.5" but found "{0}"; this is not the plain contents of /proc/user_beancounters (a login message or shell warning printed before it?)',
          clip(lines[versionAt].trim()),
        ),
    );
  }
  const version = versionTokens[1];

  const headerAt = nextContent(versionAt + 1);
  if (headerAt === lines.length) {
    return fail(
      versionAt,
      phrase('the output ends after the Version line; the column header "{0}" and the rows are missing', HEADER_TEXT),
    );
  }
  const headerTokens = tokens(lines[headerAt]);
  if (!isHeader(headerTokens)) {
    return fail(
      headerAt,
      explainNotTheFile(lines[headerAt]) ??
        phrase('expected the column header "{0}" but found "{1}"', HEADER_TEXT, clip(lines[headerAt].trim())),
    );
  }

  const containers: Container[] = [];
  const containerLines = new Map<string, number>();
  let current: { container: Container; rowLines: Map<string, number> } | undefined;

  for (let i = nextContent(headerAt + 1); i < lines.length; i = nextContent(i + 1)) {
    const line = lines[i];
    let fields = tokens(line);
    let id: string | undefined;
    if (fields[0].endsWith(':')) {
      id = fields[0].slice(0, -1);
      fields = fields.slice(1);
    }
    if (fields.length !== 6 || id === '') {
      const explained = explainNotTheFile(line);
      if (explained !== undefined) return fail(i, explained);
      if (id === '') return fail(i, phrase('the line starts with ":" but has no container id before it'));
      if (!looksLikeRow(fields))
        return fail(
          i,
          phrase(
            '"{0}" is not a resource row ({1}); something else was printed into the output',
            clip(line.trim()),
            ROW_SHAPE,
          ),
        );
      return fail(
        i,
        fields.length < 6
          ? phrase(
              'the row has {0} of the 6 fields it needs ({1}); the output looks cut short',
              fields.length,
              ROW_SHAPE,
            )
          : phrase('the row has {0} fields, more than the 6 a resource row has ({1})', fields.length, ROW_SHAPE),
      );
    }
    const [name, ...numberTokens] = fields;
    if (!RESOURCE_NAME.test(name)) {
      return fail(
        i,
        explainNotTheFile(line) ??
          phrase('"{0}" is not a resource name (expected a word such as tcpsndbuf)', clip(name)),
      );
    }
    const row = parseRow(name, numberTokens, i + 1);
    if (!row.ok) return fail(i, phrase('{0}: {1}', name, row.problem));

    if (id !== undefined) {
      const seenAt = containerLines.get(id);
      if (seenAt !== undefined)
        return fail(
          i,
          phrase('container {0} appears a second time (first on line {1}); the output is garbled', clip(id), seenAt),
        );
      containerLines.set(id, i + 1);
      current = { container: { id, resources: [] }, rowLines: new Map() };
      containers.push(current.container);
    } else if (current === undefined) {
      return fail(
        i,
        phrase(
          'a resource row comes before any container id; a block starts with the id and a colon, as in "101:  kmemsize ..."',
        ),
      );
    }
    // Placeholders for removed resources (§1.1); validated like any row, then dropped.
    if (name === 'dummy') continue;
    const seenAt = current.rowLines.get(name);
    if (seenAt !== undefined) {
      return fail(
        i,
        phrase(
          '{0} appears a second time in container {1} (first on line {2}); the output is garbled',
          name,
          clip(current.container.id),
          seenAt,
        ),
      );
    }
    current.rowLines.set(name, i + 1);
    current.container.resources.push(row.value);
  }

  if (containers.length === 0) {
    return fail(
      headerAt,
      phrase('the output ends after the column header without any container rows; it looks cut short'),
    );
  }
  return ok({ version, versionKnown: KNOWN_VERSIONS.has(version), containers });
}

/** A resource name followed only by numbers: a real row with fields missing or added, not foreign text. */
function looksLikeRow(fields: string[]): boolean {
  return fields.length > 1 && RESOURCE_NAME.test(fields[0]) && fields.slice(1).every((f) => /^[0-9]+$/.test(f));
}
