import { release } from 'node:os';
import { diagnose } from '../../core/diagnosis/diagnose';
import type { BurstResult } from '../../core/probes/burst';
import { createReport, type DiagnosisReport } from '../../core/resultModel/resultSchema';
import type { Vantage } from '../../core/resultModel/resultVantage';

/**
 * The report of a burst run on its own: the client's evidence only (no server counters were read, so
 * `server.deltas` is empty and the verdict says what the client alone can tell), in the same shape as a
 * full diagnosis so the report panel, the Latest Result view and the exports all take it.
 */
export function burstReport(
  burst: BurstResult,
  o: {
    label: string;
    tool: { name: string; version: string };
    demo: boolean;
    virtualization?: string;
    vantage?: Vantage;
  },
): DiagnosisReport {
  return createReport({
    tool: o.tool,
    demo: o.demo,
    target: { label: o.label, host: burst.target.host, port: burst.target.port },
    client: {
      platform: process.platform,
      release: release(),
      node: process.version,
      synSchedule: burst.schedule,
      ...(o.vantage ? { vantage: o.vantage } : {}),
    },
    server: { ...(o.virtualization !== undefined ? { virtualization: o.virtualization } : {}), deltas: {} },
    diagnosis: diagnose({
      burst,
      deltas: {},
      ...(o.virtualization !== undefined ? { virtualization: o.virtualization } : {}),
    }),
    burst,
  });
}
