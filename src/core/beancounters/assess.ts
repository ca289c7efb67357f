import { checkConsistency } from './consistency';
import type { ResourceDelta } from './delta';
import { describeResource } from './resources';
import { worse, type Severity } from './severity';
import type { Container, ResourceRow } from './types';
import { formatNumber, formatShare } from '../../shared/units';
import { formatQuantity } from './wording';

export type { Severity } from './severity';

/** The verdict on one resource row, with the reasons as whole sentences carrying the numbers. */
export interface ResourceAssessment {
  containerId: string;
  name: string;
  severity: Severity;
  reasons: string[];
}

/** Usage at or above this share of the wall is reported before it is reached (vzubc's `-q` idea, §1.6). */
const NEAR_WALL = 0.9;

type Finding = { severity: Severity; reason: string };

/**
 * Assesses every resource of a container (docs/method.md §1.9, §1.5), in row order.
 * `deltas` come from {@link diffBeancounters}; entries for other containers are ignored. Without
 * them (a single sample) a non-zero failcnt can only be reported as cumulative since the start.
 */
export function assessContainer(container: Container, deltas?: ResourceDelta[]): ResourceAssessment[] {
  const consistency = checkConsistency(container);
  return container.resources.map((row) => {
    const delta = deltas?.find((d) => d.containerId === container.id && d.name === row.name);
    const findings = [
      ...failcntFindings(row, deltas !== undefined, delta),
      ...usageFindings(row),
      ...consistency.filter((f) => f.resource === row.name).map((f) => ({ severity: f.severity, reason: f.message })),
    ];
    return {
      containerId: container.id,
      name: row.name,
      severity: findings.reduce<Severity>((s, f) => worse(s, f.severity), 'ok'),
      reasons: findings.map((f) => f.reason),
    };
  });
}

function failcntFindings(row: ResourceRow, haveSample: boolean, delta: ResourceDelta | undefined): Finding[] {
  const effect = describeResource(row.name).failure;
  if (delta !== undefined && delta.failcntDelta > 0) {
    const rate = delta.ratePerMinute === null ? '' : ` (${formatNumber(delta.ratePerMinute)} per minute)`;
    const what = delta.reset
      ? `The container started or restarted since the previous sample and failcnt has counted ${formatNumber(delta.failcntDelta)} refused charges since then${rate}.`
      : `failcnt grew by ${formatNumber(delta.failcntDelta)} since the previous sample${rate}: the kernel is refusing ${row.name} right now.`;
    return [{ severity: 'critical', reason: `${what} ${effect}` }];
  }
  if (row.failcnt === 0) return [];
  if (delta !== undefined) {
    return [
      {
        severity: 'ok',
        reason: `failcnt is ${formatNumber(row.failcnt)} since the container started, but it did not grow since the previous sample.`,
      },
    ];
  }
  // §1.5: failcnt counts refused attempts; one stalled tcpsndbuf writer retries several times per page.
  const attempts =
    row.name === 'tcpsndbuf'
      ? ' It counts refused attempts, not failed connections: one stalled writer retrying page by page can add thousands a second.'
      : '';
  const baseline = haveSample
    ? 'There is no earlier value of this row to compare with, so it is not known whether it is growing now.'
    : 'A second sample will show whether it is still growing now.';
  return [
    {
      severity: 'warn',
      reason: `failcnt is ${formatNumber(row.failcnt)}: refused charges counted since the container started (cumulative), not necessarily now.${attempts} ${baseline}`,
    },
  ];
}

function usageFindings(row: ResourceRow): Finding[] {
  const { barrier, limit, held, maxheld, unit } = row;
  const q = (v: number) => formatQuantity(v, unit);
  if (barrier === null && limit === null) {
    return [{ severity: 'ok', reason: 'No barrier or limit (unlimited): this row is shown for information only.' }];
  }
  if (describeResource(row.name).barrierIsGuarantee) {
    return barrier !== null && barrier > 0 && held > barrier
      ? [
          {
            severity: 'ok',
            reason: `Uses ${q(held)}, more than its guarantee of ${q(barrier)}. The barrier here is a guarantee, not a wall: above it the container is first in line when the host runs short of memory.`,
          },
        ]
      : [];
  }
  const out: Finding[] = [];
  // §1.3: a barrier of 0 is real (physpages) and gives no percentage; fall back to the limit as vzubc does.
  const barrierWall = barrier !== null && barrier > 0 && (limit === null || barrier < limit) ? barrier : null;
  if (limit !== null && held >= limit) {
    out.push({
      severity: 'critical',
      reason: `held ${q(held)} has reached the limit of ${q(limit)}: further charges are refused.`,
    });
  } else if (barrierWall !== null && held >= barrierWall) {
    out.push({
      severity: 'warn',
      reason: `held ${q(held)} is above the barrier of ${q(barrierWall)}, at ${formatShare(held, barrierWall)} of it: most new charges are refused until usage drops.`,
    });
  } else {
    const wall = barrierWall ?? (limit !== null && limit > 0 ? limit : null);
    if (wall !== null && held >= NEAR_WALL * wall) {
      const which = wall === barrierWall ? 'barrier' : 'limit';
      out.push({
        severity: 'warn',
        reason: `held ${q(held)} is ${formatShare(held, wall)} of the ${which} (${q(wall)}).`,
      });
    }
  }
  if (limit !== null && maxheld >= limit) {
    out.push({
      severity: 'warn',
      reason: `maxheld ${q(maxheld)} reached the limit of ${q(limit)}: the container hit the limit at least once since it started.`,
    });
  } else if (barrierWall !== null && maxheld >= barrierWall) {
    out.push({
      severity: 'warn',
      reason: `maxheld ${q(maxheld)} reached the barrier of ${q(barrierWall)}: the container hit the barrier at least once since it started.`,
    });
  }
  return out;
}
