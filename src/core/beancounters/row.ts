import { parseCount, parseThreshold, type Column } from './numbers';
import { unitOf } from './resources';
import type { ResourceRow } from './types';

/**
 * Builds a row from the five numeric tokens in the kernel's column order
 * (held, maxheld, barrier, limit, failcnt), or says which column is wrong.
 */
export function parseRow(name: string, numbers: readonly string[], line: number): Column<ResourceRow> {
  const held = parseCount(numbers[0], 'held');
  if (!held.ok) return held;
  const maxheld = parseCount(numbers[1], 'maxheld');
  if (!maxheld.ok) return maxheld;
  const barrier = parseThreshold(numbers[2], 'barrier');
  if (!barrier.ok) return barrier;
  const limit = parseThreshold(numbers[3], 'limit');
  if (!limit.ok) return limit;
  const failcnt = parseCount(numbers[4], 'failcnt');
  if (!failcnt.ok) return failcnt;
  return {
    ok: true,
    value: {
      name,
      unit: unitOf(name),
      held: held.value,
      maxheld: maxheld.value,
      barrier: barrier.value,
      limit: limit.value,
      failcnt: failcnt.value,
      line,
    },
  };
}
