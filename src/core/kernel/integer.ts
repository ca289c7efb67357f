/**
 * Reading one token of a kernel file as an integer. Kernel counters are unsigned longs (up to 2^64 − 1), and
 * a JavaScript number holds integers exactly only up to 2^53 − 1, so every reader says "unsafe" instead of
 * returning a rounded, wrong number (docs/method.md §1.3, §6.3).
 */

/** What one token reads as. */
export type IntegerToken = { kind: 'int'; value: number } | { kind: 'unsafe' } | { kind: 'invalid' };

/** A value left out of a parse result because it exceeds `Number.MAX_SAFE_INTEGER`. */
export interface SkippedValue {
  /** Counter or key name. */
  name: string;
  /** 1-based line of the value in the input. */
  line: number;
  /** The token as printed, so a report can still show it verbatim. */
  text: string;
}

const DECIMAL = /^\d+$/;
const SIGNED_DECIMAL = /^-?\d+$/;
const HEX = /^[0-9a-fA-F]+$/;

function classify(value: number): IntegerToken {
  // A digit string above 2^53 − 1 rounds to at least 2^53, which isSafeInteger rejects: never a wrong number.
  if (!Number.isSafeInteger(value)) return { kind: 'unsafe' };
  // Number('-0') is -0; normalise so deep equality and formatting see a plain 0.
  return { kind: 'int', value: value === 0 ? 0 : value };
}

/** A decimal integer; a leading `-` only when `signed` (snmp prints `Tcp: MaxConn -1`). */
export function readDecimal(token: string, signed: boolean): IntegerToken {
  if (!(signed ? SIGNED_DECIMAL : DECIMAL).test(token)) return { kind: 'invalid' };
  return classify(Number(token));
}

/** An unsigned hexadecimal integer without `0x`, as `/proc/net/stat/*` prints them (`%08x`). */
export function readHex(token: string): IntegerToken {
  if (!HEX.test(token)) return { kind: 'invalid' };
  return classify(Number.parseInt(token, 16));
}

/** Shortens a token for an error message so a 100,000-character garbage line does not become a 100 KB message. */
export function clip(token: string): string {
  return token.length > 40 ? `${token.slice(0, 40)}…` : token;
}

/** Splits a line into whitespace-separated tokens (spaces and tabs alike); a blank line gives `[]`. */
export function tokens(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}
