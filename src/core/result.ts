import type { Localizer } from '../shared/l10n/localizer';
import { phrase, renderPhrase, verbatim, type Phrase } from '../shared/l10n/phrase';
/**
 * The one result shape every parser and remote query returns. Parsers are total: they never throw,
 * they return `{ ok: false, error }` with a typed error that names the line.
 */
export type Result<T, E = ParseError> = { ok: true; value: T } | { ok: false; error: E };

/** A parse failure. `line` is 1-based in the input text; 0 when the input as a whole is wrong (e.g. empty). */
export interface ParseError {
  kind: 'parse';
  /** What was being parsed, e.g. `/proc/user_beancounters`. */
  source: string;
  line: number;
  message: string;
  /** The message as an id plus parameters, when a front end may show it in another language. */
  phrase?: Phrase;
}

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export const parseError = (
  source: string,
  line: number,
  message: string,
  phrase?: Phrase,
): { ok: false; error: ParseError } => ({
  ok: false,
  error: { kind: 'parse', source, line, message, ...(phrase === undefined ? {} : { phrase }) },
});

/** A parse failure whose message is a phrase (its English rendering is the `message`). */
export const parseErrorOf = (source: string, line: number, p: Phrase): { ok: false; error: ParseError } =>
  parseError(source, line, renderPhrase(p), p);

/**
 * A parse error inside another message: `source:line: message`, the position as it is and the message in the
 * reader's language when it carries a phrase.
 */
export function parseErrorPhrase(e: ParseError): Phrase {
  return phrase('{0}: {1}', verbatim(e.line > 0 ? `${e.source}:${e.line}` : e.source), e.phrase ?? verbatim(e.message));
}

/** Formats a parse error as one line for a terminal or a log: `source:line: message`. */
export function formatParseError(e: ParseError, l?: Localizer): string {
  const message = l !== undefined && e.phrase !== undefined ? renderPhrase(e.phrase, l) : e.message;
  return e.line > 0 ? `${e.source}:${e.line}: ${message}` : `${e.source}: ${message}`;
}

/** Splits text into lines, accepting LF, CRLF and lone CR, without a trailing empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
