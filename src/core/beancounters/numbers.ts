import { phrase, type Phrase } from '../../shared/l10n/phrase';

/**
 * Converting one numeric column of `/proc/user_beancounters` to a JavaScript number without ever
 * rounding. The kernel prints `unsigned long` with `%lu`, so values can exceed
 * Number.MAX_SAFE_INTEGER; those are either the "unlimited" sentinel or an error.
 */

/**
 * UB_MAXVALUE = LONG_MAX on 64- and 32-bit kernels. Both mean unlimited whatever the architecture
 * (docs/method.md §1.3, as vzubc does). Compared as decimal strings because the 64-bit
 * one is not representable exactly as a number.
 */
const UNLIMITED = new Set(['9223372036854775807', '2147483647']);

const DIGITS = /^[0-9]+$/;

/** Outcome for one token: a value, or a plain-language problem (a phrase: the front end words it). */
export type Column<T> = { ok: true; value: T } | { ok: false; problem: Phrase };

/**
 * Parses barrier or limit: LONG_MAX becomes `null` (unlimited).
 * Only these two columns carry the sentinel; a held or failcnt of 2147483647 is an ordinary
 * count on a 64-bit kernel, so those go through {@link parseCount}.
 */
export function parseThreshold(token: string, column: string): Column<number | null> {
  if (DIGITS.test(token) && UNLIMITED.has(stripLeadingZeros(token))) return { ok: true, value: null };
  return parseCount(token, column);
}

/** Parses a decimal column that must be a safe non-negative integer. */
export function parseCount(token: string, column: string): Column<number> {
  if (!DIGITS.test(token)) {
    return { ok: false, problem: phrase('{0} "{1}" is not a whole non-negative number', column, clip(token)) };
  }
  const digits = stripLeadingZeros(token);
  // More than 16 digits can never be a safe integer; checking the length first keeps Number() off huge tokens.
  const value = digits.length <= 16 ? Number(digits) : Number.POSITIVE_INFINITY;
  if (!Number.isSafeInteger(value)) {
    return {
      ok: false,
      problem: phrase(
        '{0} {1} is too large to count exactly (above {2}) and is not the kernel\'s "unlimited" value',
        column,
        clip(digits),
        Number.MAX_SAFE_INTEGER,
      ),
    };
  }
  return { ok: true, value };
}

function stripLeadingZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits[i] === '0') i++;
  return digits.slice(i);
}

/** Shortens text quoted in a message so a 100k-character line cannot flood a log or a tooltip. */
export function clip(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
