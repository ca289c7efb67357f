/**
 * How urgent a resource's state is. `critical`: refused charges are happening now, or usage is at
 * the hard limit. `warn`: it hit a wall before, is close to one, or is configured so that it will.
 * `ok`: nothing to act on (a reason may still explain something).
 */
export type Severity = 'ok' | 'warn' | 'critical';

const RANK: Record<Severity, number> = { ok: 0, warn: 1, critical: 2 };

/** The more urgent of two severities. */
export function worse(a: Severity, b: Severity): Severity {
  return RANK[b] > RANK[a] ? b : a;
}
