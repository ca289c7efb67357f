import { english, type Localizer } from '../../shared/l10n/localizer';
import { formatBytes, formatInteger } from '../../shared/units';
import { PAGE_BYTES } from '../beancounters/resources';
import type { ResourceUnit } from '../beancounters/types';

/** A beancounter value in human units: bytes and pages as KiB/MiB, counts as integers, null as "unlimited". */
export function formatResourceValue(value: number | null, unit: ResourceUnit, l: Localizer = english): string {
  if (value === null) return l.t('unlimited');
  if (unit === 'count') return formatInteger(value);
  return formatBytes(unit === 'pages' ? value * PAGE_BYTES : value);
}

/** A failcnt growth as `+N`, `0`, or `reset, +N` after a container restart; '' without a baseline. */
export function formatDelta(delta: number | undefined, reset: boolean | undefined, l: Localizer = english): string {
  if (delta === undefined) return '';
  if (reset) return l.t('reset, +{0}', formatInteger(delta));
  return delta > 0 ? `+${formatInteger(delta)}` : '0';
}
