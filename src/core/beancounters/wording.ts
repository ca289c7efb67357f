import { PAGE_BYTES } from './resources';
import type { ResourceUnit } from './types';

/** An integer with thousands separators, `1779659` -> `1,779,659`; other numbers to two significant digits. */
export function formatNumber(n: number): string {
  if (!Number.isInteger(n)) return n >= 10 ? formatNumber(Math.round(n)) : String(Number(n.toPrecision(2)));
  const digits = String(Math.abs(n));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? `-${out}` : out;
}

/** A value in its unit: `1,720,320 bytes`, `262,144 pages (1 GiB)`, `360`. */
export function formatQuantity(value: number, unit: ResourceUnit): string {
  if (unit === 'count') return formatNumber(value);
  if (unit === 'bytes') return `${formatNumber(value)} bytes`;
  return `${formatNumber(value)} pages (${formatBinary(value * PAGE_BYTES)})`;
}

/** `part` as a percentage of `whole` (> 0) with at most one decimal: `10.5%`. */
export function formatPercent(part: number, whole: number): string {
  const p = (part / whole) * 100;
  return `${p >= 100 ? Math.round(p) : Math.round(p * 10) / 10}%`;
}

const BINARY_UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

function formatBinary(bytes: number): string {
  let value = bytes;
  let k = 0;
  while (value >= 1024 && k < BINARY_UNITS.length - 1) {
    value /= 1024;
    k++;
  }
  if (k === 0) return `${formatNumber(value)} bytes`;
  return `${Math.round(value * 10) / 10} ${BINARY_UNITS[k]}`;
}
