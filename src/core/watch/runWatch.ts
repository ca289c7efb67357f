import type { LightRoundResult } from '../diagnosis/lightDiagnosis';
import { PROBES_FOR_A_CLAIM } from '../diagnosis/pingSignature';
import type { PingResult } from '../probes/pingResult';
import type { HostSnapshot } from '../remote/snapshot';
import type { WatchPlan } from './watchBudget';
import type { WatchClock } from './watchClock';
import type { WatchHistory } from './watchHistory';
import {
  failedRound,
  lastVerdictRound,
  roundFromResult,
  withChange,
  type RoundFailure,
  type RoundTarget,
  type WatchRound,
} from './watchRound';
import { runSchedule, type ScheduleOutcome } from './watchSchedule';

/** What one round is given: its number, the previous round's state to build on, and the cancel signal. */
export interface RoundContext {
  seq: number;
  signal: AbortSignal;
  /** The previous round's after-burst snapshot, when it was the round just before on the same connection. */
  previousAfter?: HostSnapshot;
  /** The pings of the consecutive rounds before, oldest first, to pool with this round's. */
  earlierPings: PingResult[];
}

export interface WatchDeps {
  clock: WatchClock;
  /** Runs one light round (connecting first when needed). */
  round(ctx: RoundContext): Promise<LightRoundResult>;
  /** A recorded failure for the watch to go on after, or undefined to end the watch with the error. */
  classify(err: unknown): RoundFailure | undefined;
  /** Where rounds are kept; without it nothing is stored. */
  history?: { store: WatchHistory; hostId: string };
  /** Each round, as soon as it ends. */
  onRound?(round: WatchRound): void;
  onWarning?(message: string): void;
}

export interface WatchOptions {
  plan: WatchPlan;
  /** How rounds name the host; a round that reached it uses the address it probed. */
  target: RoundTarget;
  /** The host's earlier rounds (from its history), oldest first: the timeline continues after them. */
  earlier?: readonly WatchRound[];
  signal?: AbortSignal;
}

export interface WatchOutcome extends ScheduleOutcome {
  /** The rounds of this run, oldest first. */
  rounds: WatchRound[];
}

/**
 * Watches a host (docs/method.md §3.6): a light round (`runLightRound`) on the plan's grid for its duration,
 * one at a time. Each round is numbered on from the host's earlier rounds, marked when its verdict changed
 * (with the evidence of both sides), stored, and handed to `onRound` as soon as it ends. A round that fails
 * for the host's sake (unreachable, a dropped connection, a failed sample) is recorded as such and the watch
 * goes on; one that needs the user (host key, login) ends it with its error. Aborting ends it cleanly: the
 * round in flight is cancelled and not recorded.
 */
export async function runWatch(o: WatchOptions, deps: WatchDeps): Promise<WatchOutcome> {
  const earlier = o.earlier ?? [];
  const rounds: WatchRound[] = [];
  let seq = earlier.reduce((m, r) => Math.max(m, r.seq), 0);
  let previous = lastVerdictRound(earlier);
  let previousAfter: HostSnapshot | undefined;
  let pings: PingResult[] = [];
  // Failed rounds name the host as the last round that reached it did (the address the session resolved).
  let target = o.target;
  const ac = new AbortController();
  const onAbort = () => ac.abort(o.signal?.reason);
  if (o.signal?.aborted) ac.abort(o.signal.reason);
  o.signal?.addEventListener('abort', onAbort, { once: true });

  const record = async (round: WatchRound): Promise<void> => {
    rounds.push(round);
    if (deps.history) {
      await deps.history.store.append(deps.history.hostId, round).catch((err: unknown) => {
        deps.onWarning?.(
          `round ${round.seq} was not added to the history: ${err instanceof Error ? err.message : String(err)}`,
        );
      });
    }
    deps.onRound?.(round);
  };

  const one = async (): Promise<void> => {
    const startedMs = deps.clock.now();
    const ctx: RoundContext = {
      seq: seq + 1,
      signal: ac.signal,
      earlierPings: [...pings],
      ...(previousAfter ? { previousAfter } : {}),
    };
    let result: LightRoundResult;
    try {
      result = await deps.round(ctx);
    } catch (err) {
      if (ac.signal.aborted) return;
      const failure = deps.classify(err);
      if (failure === undefined) throw err;
      seq++;
      // A new connection or a gap in the pings: neither the idle control nor the ping pool spans it.
      previousAfter = undefined;
      pings = [];
      await record(failedRound(seq, target, startedMs, deps.clock.now() - startedMs, failure));
      return;
    }
    seq++;
    const round = withChange(previous, roundFromResult(seq, o.target, result));
    target = round.target;
    if (round.verdict !== null) previous = round;
    previousAfter = result.after;
    pings = result.ping === undefined ? [] : poolWindow([...pings, result.ping]);
    await record(round);
  };

  try {
    const outcome = await runSchedule({
      intervalMs: o.plan.intervalMs,
      durationMs: o.plan.durationMs,
      clock: deps.clock,
      signal: ac.signal,
      round: one,
    });
    return { ...outcome, rounds };
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The pings the next round pools with its own: the newest ones, back until they hold enough probes for a
 * claim about a few percent (docs/method.md §4.1: 100) without the next round's.
 */
export function poolWindow(pings: readonly PingResult[]): PingResult[] {
  const kept: PingResult[] = [];
  let sent = 0;
  for (let i = pings.length - 1; i >= 0 && sent < PROBES_FOR_A_CLAIM; i--) {
    kept.unshift(pings[i]!);
    sent += pings[i]!.sent;
  }
  return kept;
}
