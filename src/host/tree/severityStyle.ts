import type { Severity } from '../../core/beancounters';
import type { RiskGrade } from '../../core/kernel';
import type { IconRef } from './treeItemData';

const RANK: Record<Severity, number> = { ok: 0, warn: 1, critical: 2 };

/** Orders severities worst first (for `Array.prototype.sort`). */
export function bySeverityDesc(a: Severity, b: Severity): number {
  return RANK[b] - RANK[a];
}

/** The worst of several severities; `ok` for none. */
export function worstSeverity(all: Iterable<Severity>): Severity {
  let worst: Severity = 'ok';
  for (const s of all) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}

/** Icon and theme colour per severity: the same everywhere in the tree and the status bar. */
export function severityIcon(s: Severity): IconRef {
  switch (s) {
    case 'critical':
      return { id: 'error', color: 'list.errorForeground' };
    case 'warn':
      return { id: 'warning', color: 'list.warningForeground' };
    case 'ok':
      return { id: 'pass', color: 'testing.iconPassed' };
  }
}

/**
 * The risk model's grade on the severity scale: only `critical` (failures now, or one socket can fill
 * the barrier) is critical; `high` and `medium` describe a configuration that will fail under load.
 */
function gradeSeverity(g: RiskGrade): Severity | undefined {
  if (g === 'critical') return 'critical';
  if (g === 'high' || g === 'medium') return 'warn';
  if (g === 'low') return 'ok';
  return undefined;
}

/** Icon for a risk grade; `unknown` gets a neutral question mark. */
export function gradeIcon(g: RiskGrade): IconRef {
  const s = gradeSeverity(g);
  return s === undefined ? { id: 'question' } : severityIcon(s);
}
