import { checkConsistency } from './consistency';
import type { ResourceDelta } from './delta';
import { describeResource } from './resources';
import { worse, type Severity } from './severity';
import type { Container, ResourceRow } from './types';
import { formatNumber, formatShare } from '../../shared/units';
import { formatQuantity } from './wording';
import { english, sentences, type Localizer } from '../../shared/l10n/localizer';

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
export function assessContainer(
  container: Container,
  deltas?: ResourceDelta[],
  l: Localizer = english,
): ResourceAssessment[] {
  const consistency = checkConsistency(container, l);
  return container.resources.map((row) => {
    const delta = deltas?.find((d) => d.containerId === container.id && d.name === row.name);
    const findings = [
      ...failcntFindings(row, deltas !== undefined, delta, l),
      ...usageFindings(row, l),
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

function failcntFindings(
  row: ResourceRow,
  haveSample: boolean,
  delta: ResourceDelta | undefined,
  l: Localizer,
): Finding[] {
  const effect = l.t(describeResource(row.name).failure);
  if (delta !== undefined && delta.failcntDelta > 0) {
    const rate = delta.ratePerMinute === null ? '' : l.t(' ({0} per minute)', formatNumber(delta.ratePerMinute));
    const what = delta.reset
      ? l.t(
          'The container started or restarted since the previous sample and failcnt has counted {0} refused charges since then{1}.',
          formatNumber(delta.failcntDelta),
          rate,
        )
      : l.t(
          'failcnt grew by {0} since the previous sample{1}: the kernel is refusing {2} right now.',
          formatNumber(delta.failcntDelta),
          rate,
          row.name,
        );
    return [{ severity: 'critical', reason: sentences(l, [what, effect]) }];
  }
  if (row.failcnt === 0) return [];
  if (delta !== undefined) {
    return [
      {
        severity: 'ok',
        reason: l.t(
          'failcnt is {0} since the container started, but it did not grow since the previous sample.',
          formatNumber(row.failcnt),
        ),
      },
    ];
  }
  // §1.5: failcnt counts refused attempts; one stalled tcpsndbuf writer retries several times per page.
  const attempts =
    row.name === 'tcpsndbuf'
      ? l.t(
          'It counts refused attempts, not failed connections: one stalled writer retrying page by page can add thousands a second.',
        )
      : '';
  const baseline = haveSample
    ? l.t('There is no earlier value of this row to compare with, so it is not known whether it is growing now.')
    : l.t('A second sample will show whether it is still growing now.');
  const head = l.t(
    'failcnt is {0}: refused charges counted since the container started (cumulative), not necessarily now.',
    formatNumber(row.failcnt),
  );
  return [{ severity: 'warn', reason: sentences(l, [head, attempts, baseline]) }];
}

function usageFindings(row: ResourceRow, l: Localizer): Finding[] {
  const { barrier, limit, held, maxheld, unit } = row;
  const q = (v: number) => formatQuantity(v, unit, l);
  if (barrier === null && limit === null) {
    return [
      { severity: 'ok', reason: l.t('No barrier or limit (unlimited): this row is shown for information only.') },
    ];
  }
  if (describeResource(row.name).barrierIsGuarantee) {
    return barrier !== null && barrier > 0 && held > barrier
      ? [
          {
            severity: 'ok',
            reason: l.t(
              'Uses {0}, more than its guarantee of {1}. The barrier here is a guarantee, not a wall: above it the container is first in line when the host runs short of memory.',
              q(held),
              q(barrier),
            ),
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
      reason: l.t('held {0} has reached the limit of {1}: further charges are refused.', q(held), q(limit)),
    });
  } else if (barrierWall !== null && held >= barrierWall) {
    out.push({
      severity: 'warn',
      reason: l.t(
        'held {0} is above the barrier of {1}, at {2} of it: most new charges are refused until usage drops.',
        q(held),
        q(barrierWall),
        formatShare(held, barrierWall),
      ),
    });
  } else {
    const wall = barrierWall ?? (limit !== null && limit > 0 ? limit : null);
    if (wall !== null && held >= NEAR_WALL * wall) {
      out.push({
        severity: 'warn',
        reason:
          wall === barrierWall
            ? l.t('held {0} is {1} of the barrier ({2}).', q(held), formatShare(held, wall), q(wall))
            : l.t('held {0} is {1} of the limit ({2}).', q(held), formatShare(held, wall), q(wall)),
      });
    }
  }
  if (limit !== null && maxheld >= limit) {
    out.push({
      severity: 'warn',
      reason: l.t(
        'maxheld {0} reached the limit of {1}: the container hit the limit at least once since it started.',
        q(maxheld),
        q(limit),
      ),
    });
  } else if (barrierWall !== null && maxheld >= barrierWall) {
    out.push({
      severity: 'warn',
      reason: l.t(
        'maxheld {0} reached the barrier of {1}: the container hit the barrier at least once since it started.',
        q(maxheld),
        q(barrierWall),
      ),
    });
  }
  return out;
}
