import { english, type Localizer } from '../../shared/l10n/localizer';
import { formatBytes, formatInteger } from '../../shared/units';
import { PAGE_BYTES } from '../beancounters/resources';
import type { ResourceUnit } from '../beancounters/types';

/** A beancounter value in human units: bytes and pages as KiB/MiB, counts as integers, null as "unlimited". */
export function formatResourceValue(value: number | null, unit: ResourceUnit): string {
  if (value === null) return 'unlimited';
  if (unit === 'count') return formatInteger(value);
  return formatBytes(unit === 'pages' ? value * PAGE_BYTES : value);
}

/**
 * `part / whole` as a percentage with one decimal, or '' when the denominator is 0 or unlimited
 * (docs/method.md §1.3: a barrier of 0 is meaningful, never divide by it).
 */
export function formatPercent(part: number, whole: number | null): string {
  if (whole === null || whole <= 0) return '';
  const p = (part / whole) * 100;
  return `${p >= 100 ? Math.round(p) : p.toFixed(1)}%`;
}

/** A failcnt growth as `+N`, `0`, or `reset, +N` after a container restart; '' without a baseline. */
export function formatDelta(delta: number | undefined, reset: boolean | undefined, l: Localizer = english): string {
  if (delta === undefined) return '';
  if (reset) return l.t('reset, +{0}', formatInteger(delta));
  return delta > 0 ? `+${formatInteger(delta)}` : '0';
}
