/**
 * Human-readable numbers for the host, the CLI and the webview alike: pure, no DOM, no Node imports,
 * and independent of the runtime's locale so a report reads the same everywhere.
 */

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** Groups the digits of an integer with commas: `1720320` -> `"1,720,320"`, `-4096` -> `"-4,096"`. Non-integers are truncated toward zero. */
export function formatInteger(n: number): string {
  // Beyond 1e21 String() switches to exponent notation, which has no digits to group.
  if (!Number.isFinite(n) || Math.abs(n) >= 1e21) return String(n);
  const truncated = Math.trunc(n);
  const digits = String(Math.abs(truncated));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return truncated < 0 ? `-${grouped}` : grouped;
}

/**
 * A byte count in binary units with at most one decimal, trailing `.0` dropped:
 * `1720320` -> `"1.6 MiB"`, `4194304` -> `"4 MiB"`, `133120` -> `"130 KiB"`, `512` -> `"512 B"`.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return `${bytes} B`;
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  while (unit < BINARY_UNITS.length - 1 && value >= 1024) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${sign}${Math.trunc(value)} B`;
  let rounded = Math.round(value * 10) / 10;
  // 1023.96 KiB rounds to 1024 KiB: show it as 1 MiB instead.
  if (rounded >= 1024 && unit < BINARY_UNITS.length - 1) {
    rounded = Math.round((rounded / 1024) * 10) / 10;
    unit++;
  }
  const text = Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
  return `${sign}${text} ${BINARY_UNITS[unit]}`;
}

/** The exact byte count followed by its short form, as a derivation shows it: `"1,720,320 B (1.6 MiB)"`; below 1 KiB just `"512 B"`. */
export function formatBytesExact(bytes: number): string {
  const exact = `${formatInteger(bytes)} B`;
  return Number.isFinite(bytes) && Math.abs(bytes) >= 1024 ? `${exact} (${formatBytes(bytes)})` : exact;
}

/** Milliseconds for people: `0.8 ms`, `23.4 ms`, `1,043 ms`. */
export function formatMs(value: number): string {
  if (value >= 1000) return `${formatInteger(Math.round(value))} ms`;
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ms`;
}

/** The number part of a percentage: one decimal, exactly 0 written `0` (docs/method.md §4.1 table style). */
function percentNumber(fraction: number): string {
  const p = fraction * 100;
  return p === 0 ? '0' : p.toFixed(1);
}

/**
 * A fraction as a percentage with one decimal, for reports and sentences: `0.04` -> `4.0 %`, `0.195` ->
 * `19.5 %`, `0` -> `0 %`.
 */
export function formatPercent(fraction: number): string {
  return `${percentNumber(fraction)} %`;
}

/** A Wilson interval of fractions in a table cell or a label: `2.0–7.7 %`. */
export function formatInterval([low, high]: [number, number]): string {
  return `${percentNumber(low)}–${percentNumber(high)} %`;
}

/** A Wilson interval of fractions inside a sentence, spaced around the dash: `2.0 – 7.7 %`. */
export function formatIntervalInProse([low, high]: [number, number]): string {
  return `${percentNumber(low)} – ${percentNumber(high)} %`;
}

/**
 * `part` as a share of a limit, compact for table columns: `10.5%`, `0.0%`, `252%` (whole percents from
 * 100 up); '' when the limit is 0 or unlimited (docs/method.md §1.3: a barrier of 0 is meaningful, never
 * divide by it).
 */
export function formatShare(part: number, whole: number | null): string {
  if (whole === null || whole <= 0) return '';
  const p = (part / whole) * 100;
  return `${p >= 100 ? Math.round(p) : p.toFixed(1)}%`;
}

/** A fraction in a one-line summary (terminal, status): `0%`, `4.0%`, `13%` (one decimal only below 10 %). */
export function formatShortPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction > 0 && fraction < 0.1 ? 1 : 0)}%`;
}

/**
 * A number in running text: integers grouped (`1,779,659`), others rounded to an integer from 10 up and to two
 * significant digits below (`2.5`, `0.33`).
 */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return formatInteger(n);
  return n >= 10 ? formatInteger(Math.round(n)) : String(Number(n.toPrecision(2)));
}

/** A counter delta with its sign: `+32`, `0`, `-3`. */
export function formatSigned(n: number): string {
  const text = Number.isInteger(n) ? formatInteger(n) : n.toFixed(1);
  return n > 0 ? `+${text}` : text;
}

/** A duration in ms as `40 s`, `5 min`, `2 h`, `3 d` (rounded to the unit shown; below 1 s is `0 s`). */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} d`;
}

/** A count in at most four characters: `950`, `1.2k`, `12k`, `1.8M`, `3.1G`. */
export function compactNumber(n: number): string {
  const abs = Math.abs(n);
  const sign = n < 0 ? '-' : '';
  const units = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const;
  for (const [i, [size, suffix]] of units.entries()) {
    if (abs < size) continue;
    const v = abs / size;
    const shown = v < 10 ? Math.round(v * 10) / 10 : Math.round(v);
    // 999,950 rounds to "1000k": say "1M" instead.
    if (shown >= 1000 && i > 0) return `${sign}1${units[i - 1]![1]}`;
    return `${sign}${shown}${suffix}`;
  }
  return `${sign}${abs < 10 && !Number.isInteger(abs) ? Math.round(abs * 10) / 10 : Math.round(abs)}`;
}
