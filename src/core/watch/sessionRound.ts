import { phrase } from '../../shared/l10n/phrase';
import { runLightRound, type LightRoundResult } from '../diagnosis/lightDiagnosis';
import type { Virtualization } from '../remote/detectVirtualization';
import type { HostFacts } from '../remote/hostFacts';
import type { CommandRunner } from '../remote/runner';
import { SshError } from '../ssh/sshErrors';
import type { WatchPlan } from './watchBudget';
import type { Localizer } from '../../shared/l10n/localizer';
import type { RoundContext } from './runWatch';

/** What a round needs of a host's session (`HostSession`, or the editor's view of it). */
export interface WatchSession {
  readonly target: { label: string };
  readonly address: { hostName: string } | undefined;
  readonly facts: HostFacts | undefined;
  readonly virtualization: Virtualization | undefined;
  connect(signal?: AbortSignal): Promise<void>;
  runner(): CommandRunner;
}

export interface SessionRoundOptions {
  plan: WatchPlan;
  /** The service port the burst goes to. */
  port: number;
  /** Where the burst and ping go; the session's resolved HostName when omitted. */
  probeHost?: string;
  httpPath?: string;
  sample?: { timeoutMs: number; maxOutputBytes: number; useSudo: boolean };
  onWarning?: (message: string) => void;
  /** Pauses the session's own sampling for the round (the round takes its own samples); disposed after it. */
  holdSampling: () => { dispose(): void };
  /**
   * The language of the round's warnings and of a failed sample's error (English by default). The verdict's
   * texts are kept as message ids for any reader (`diagnoseForStorage`, docs/method.md §3.6).
   */
  l?: Localizer;
}

/**
 * A watch round over a host's session: connect (again, after a drop) and run the light round over the
 * session's one SSH connection, with the session's own sampling paused meanwhile.
 */
export function sessionRound(
  session: WatchSession,
  o: SessionRoundOptions,
): (ctx: RoundContext) => Promise<LightRoundResult> {
  return async (ctx) => {
    await session.connect(ctx.signal);
    const hold = o.holdSampling();
    try {
      return await lightRound(session, o, ctx);
    } finally {
      hold.dispose();
    }
  };
}

function lightRound(session: WatchSession, o: SessionRoundOptions, ctx: RoundContext): Promise<LightRoundResult> {
  const host = o.probeHost ?? session.address?.hostName;
  if (host === undefined)
    throw new SshError('config', phrase('{0} has no network address to probe.', session.target.label));
  return runLightRound({
    runner: session.runner(),
    facts: session.facts,
    virtualization: session.virtualization,
    target: {
      label: session.target.label,
      host,
      port: o.port,
      ...(o.httpPath === undefined ? {} : { httpPath: o.httpPath }),
    },
    count: o.plan.count,
    concurrency: o.plan.concurrency,
    pingCount: o.plan.pingCount,
    pingIntervalSeconds: o.plan.pingIntervalSeconds,
    sample: o.sample ?? { timeoutMs: 20_000, maxOutputBytes: 4 * 1024 * 1024, useSudo: true },
    signal: ctx.signal,
    earlierPings: ctx.earlierPings,
    ...(ctx.previousAfter ? { previousAfter: ctx.previousAfter } : {}),
    ...(o.onWarning ? { onWarning: o.onWarning } : {}),
    ...(o.l ? { l: o.l } : {}),
  });
}
