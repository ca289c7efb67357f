import { runLightRound, type LightRoundResult } from '../diagnosis/lightDiagnosis';
import type { HostSession } from '../session/hostSession';
import { SshError } from '../ssh/sshErrors';
import type { WatchPlan } from './watchBudget';
import type { RoundContext } from './runWatch';

export interface SessionRoundOptions {
  plan: WatchPlan;
  /** The service port the burst goes to. */
  port: number;
  /** Where the burst and ping go; the session's resolved HostName when omitted. */
  probeHost?: string;
  httpPath?: string;
  sample?: { timeoutMs: number; maxOutputBytes: number; useSudo: boolean };
  onWarning?: (message: string) => void;
}

/**
 * A watch round over a host's session: connect (again, after a drop) and run the light round over the
 * session's one SSH connection. The session's own sampling loop is paused: the round takes its own samples.
 */
export function sessionRound(session: HostSession, o: SessionRoundOptions): (ctx: RoundContext) => Promise<LightRoundResult> {
  return async (ctx) => {
    await session.connect(ctx.signal);
    session.setVisible(false);
    const host = o.probeHost ?? session.address?.hostName;
    if (host === undefined) throw new SshError('config', `${session.target.label} has no network address to probe.`);
    return runLightRound({
      runner: session.runner(),
      facts: session.facts,
      virtualization: session.virtualization,
      target: { label: session.target.label, host, port: o.port, ...(o.httpPath === undefined ? {} : { httpPath: o.httpPath }) },
      count: o.plan.count,
      concurrency: o.plan.concurrency,
      pingCount: o.plan.pingCount,
      pingIntervalSeconds: o.plan.pingIntervalSeconds,
      sample: o.sample ?? { timeoutMs: 20_000, maxOutputBytes: 4 * 1024 * 1024, useSudo: true },
      signal: ctx.signal,
      earlierPings: ctx.earlierPings,
      ...(ctx.previousAfter ? { previousAfter: ctx.previousAfter } : {}),
      ...(o.onWarning ? { onWarning: o.onWarning } : {}),
    });
  };
}
