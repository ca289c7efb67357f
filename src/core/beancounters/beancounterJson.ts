import type { BeancounterAnalysis } from './analyzeBeancounters';

/**
 * The `vps-doctor beancounters --json` contract. Values are as in the file (pages stay pages),
 * unlimited is null, dummy rows are absent; `failcntDelta` and `reset` appear only with a baseline that had the row.
 */
export interface BeancounterJson {
  version: string;
  containers: {
    id: string;
    resources: {
      name: string;
      unit: 'bytes' | 'pages' | 'count';
      held: number;
      maxheld: number;
      barrier: number | null;
      limit: number | null;
      failcnt: number;
      failcntDelta?: number;
      reset?: boolean;
      severity: 'ok' | 'warn' | 'critical';
      reasons: string[];
    }[];
  }[];
}

export function beancounterJson(a: BeancounterAnalysis): BeancounterJson {
  return {
    version: a.version,
    containers: a.containers.map((c) => ({
      id: c.id,
      resources: c.resources.map((r) => ({
        name: r.name,
        unit: r.unit,
        held: r.held,
        maxheld: r.maxheld,
        barrier: r.barrier,
        limit: r.limit,
        failcnt: r.failcnt,
        ...(r.failcntDelta !== undefined ? { failcntDelta: r.failcntDelta, reset: r.reset ?? false } : {}),
        severity: r.severity,
        reasons: r.reasons,
      })),
    })),
  };
}
