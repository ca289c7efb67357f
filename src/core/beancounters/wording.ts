import { formatBytes, formatNumber } from '../../shared/units';
import { PAGE_BYTES } from './resources';
import type { ResourceUnit } from './types';
import { english, type Localizer } from '../../shared/l10n/localizer';

/** A value in its unit: `1,720,320 bytes`, `262,144 pages (1 GiB)`, `360`. */
export function formatQuantity(value: number, unit: ResourceUnit, l: Localizer = english): string {
  if (unit === 'count') return formatNumber(value);
  if (unit === 'bytes') return l.t('{0} bytes', formatNumber(value));
  return l.t('{0} pages ({1})', formatNumber(value), formatBytes(value * PAGE_BYTES));
}
