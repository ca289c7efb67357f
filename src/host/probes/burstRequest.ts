import { HARD_MAX_RATE_PER_SECOND, needsConfirmation, planBurst } from '../../core/probes/burstLimits';

/** The probe settings as the user set them (package.json `vpsDoctor.probes.*`; all counts, not rates). */
export interface ProbeSettings {
  /** New connections per burst. */
  burstCount: number;
  /** Connections at a time. */
  burstConcurrency: number;
  /** The user's ceilings; the hard ceilings of burstLimits.ts still apply above them. */
  maxCount: number;
  maxConcurrency: number;
  /** Echo requests per ping (0: the full diagnosis skips the ping). */
  pingCount: number;
}

/** A burst about to run: its size after the caps, and whether the user must confirm it first. */
export interface BurstRequest {
  count: number;
  concurrency: number;
  /** Above `needsConfirmation` (burstLimits.ts): a modal asks before any connection is opened. */
  confirm: boolean;
  /** Set when a cap lowered what the settings asked for, in words, for the log. */
  capped?: string;
}

/** Applies the user's caps (clamped to the hard ones) to the requested burst and decides on confirmation. */
export function burstRequest(s: ProbeSettings): BurstRequest {
  const plan = planBurst(s.burstCount, s.burstConcurrency, {
    maxCount: s.maxCount,
    maxConcurrency: s.maxConcurrency,
    maxRatePerSecond: HARD_MAX_RATE_PER_SECOND,
  });
  const lowered =
    plan.count < Math.floor(s.burstCount) || plan.concurrency < Math.min(Math.floor(s.burstConcurrency), plan.count);
  return {
    count: plan.count,
    concurrency: plan.concurrency,
    confirm: needsConfirmation(plan.count, plan.concurrency),
    ...(lowered
      ? {
          capped: `the burst was capped at ${plan.count} connections, ${plan.concurrency} at a time (vpsDoctor.probes.maxCount / maxConcurrency)`,
        }
      : {}),
  };
}
