import { formatBytes, formatNumber } from '../../shared/units';
import { PAGE_BYTES } from './resources';
import type { ResourceUnit } from './types';

/** A value in its unit: `1,720,320 bytes`, `262,144 pages (1 GiB)`, `360`. */
export function formatQuantity(value: number, unit: ResourceUnit): string {
  if (unit === 'count') return formatNumber(value);
  if (unit === 'bytes') return `${formatNumber(value)} bytes`;
  return `${formatNumber(value)} pages (${formatBytes(value * PAGE_BYTES)})`;
}
