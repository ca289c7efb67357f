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

/** A fraction as a percentage with one decimal: `0.04` -> `4.0 %`. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}

/** A Wilson interval of fractions: `2.0–7.7 %`. */
export function formatInterval([low, high]: [number, number]): string {
  return `${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)} %`;
}

/** A counter delta with its sign: `+32`, `0`, `-3`. */
export function formatSigned(n: number): string {
  const text = Number.isInteger(n) ? formatInteger(n) : n.toFixed(1);
  return n > 0 ? `+${text}` : text;
}
