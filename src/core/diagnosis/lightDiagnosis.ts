import type { BurstAttempt } from '../probes/burstSummary';
import type { BurstResult } from '../probes/burst';
import type { PingResult } from '../probes/ping';
import { poolPings } from '../probes/pingPool';
import type { HostSnapshot } from '../remote/snapshot';
import { counterDeltas } from './counterDeltas';
import type { RoundTexts } from '../watch/roundTexts';
import { diagnose, type DiagnosisEvidence } from './diagnose';
import { capturingLocalizer, mapStrings, type CapturingLocalizer } from '../../shared/l10n/capture';
import { diagnosisBurst, pingOrWarn, sample, type FullDiagnosisOptions } from './fullDiagnosis';
import type { Diagnosis } from './types';
import type { Localizer } from '../../shared/l10n/localizer';

export interface LightRoundOptions extends Pick<
  FullDiagnosisOptions,
  | 'runner'
  | 'facts'
  | 'virtualization'
  | 'target'
  | 'pingHost'
  | 'count'
  | 'concurrency'
  | 'pingIntervalSeconds'
  | 'sample'
  | 'signal'
  | 'onWarning'
> {
  /** Pings of this round; 0 skips the ping. */
  pingCount: number;
  /**
   * The after-burst snapshot of the previous round on the same connection: the quiet gap since then is this
   * round's idle control (scaled to the burst's length by uptime, docs/method.md §6.3). Without it the
   * verdict says that no control was taken.
   */
  previousAfter?: HostSnapshot;
  /** The pings of the rounds just before this one, oldest first: pooled with this round's for the loss figure. */
  earlierPings?: readonly PingResult[];
  onAttempt?: (a: BurstAttempt) => void;
  /**
   * The language of the round's warnings and sample errors (English by default). The verdict's texts are
   * always kept language-neutral (`texts`), see {@link diagnoseForStorage}.
   */
  l?: Localizer;
}

export interface LightRoundResult {
  startedAtMs: number;
  endedAtMs: number;
  before: HostSnapshot;
  after: HostSnapshot;
  burst: BurstResult;
  /** This round's own ping; undefined when skipped or unavailable. */
  ping?: PingResult;
  /** This round's ping pooled with `earlierPings`: what the verdict weighed. */
  pooledPing?: PingResult;
  pooledRounds: number;
  deltas: Record<string, number>;
  idleDeltas?: Record<string, number>;
  /** The verdict, worded in English. */
  diagnosis: Diagnosis;
  /** The verdict's texts as message ids plus parameters, for any reader's language. */
  texts: RoundTexts;
}

/**
 * One round of a watch (docs/method.md §3.6): a lighter diagnosis than `runFullDiagnosis`: snapshot S0, a
 * small burst with its keep-alive control, snapshot S1, a short ping whose loss is pooled with the rounds
 * before, and the verdict of the same decision table. The idle control is the gap since the previous round
 * instead of a wait of its own, so a round costs two samples and no idle time. The buffer risk is left to
 * the full diagnosis.
 */
export async function runLightRound(o: LightRoundOptions): Promise<LightRoundResult> {
  const startedAtMs = Date.now();
  const before = await sample(o, 'before');
  const burst = await diagnosisBurst(o);
  const after = await sample(o, 'after');
  const ping = o.pingCount > 0 ? await pingOrWarn(o) : undefined;
  const pool = ping === undefined ? [] : [...(o.earlierPings ?? []), ping];
  // One capture for the pool's name and the verdict, so the ping row's label is kept as ids too.
  const cap = capturingLocalizer();
  const pooled = pool.length === 0 ? undefined : poolPings(pool, poolName(pool, cap));
  const deltas = counterDeltas(before, after);
  const idleDeltas = o.previousAfter === undefined ? undefined : counterDeltas(o.previousAfter, before);
  const pooledPing = pooled === undefined ? undefined : { ...pooled, host: cap.english(pooled.host) };
  const { diagnosis, texts } = diagnoseForStorage(
    {
      burst,
      deltas,
      ...(idleDeltas === undefined ? {} : { idleDeltas }),
      ...(pooled === undefined ? {} : { ping: pooled }),
      virtualization: o.virtualization?.kind,
    },
    cap,
  );
  return {
    startedAtMs,
    endedAtMs: Date.now(),
    before,
    after,
    burst,
    ...(ping === undefined ? {} : { ping }),
    ...(pooledPing === undefined ? {} : { pooledPing }),
    pooledRounds: pool.length,
    deltas,
    ...(idleDeltas === undefined ? {} : { idleDeltas }),
    diagnosis,
    texts,
  };
}

/**
 * The verdict of a round's evidence, worded once for storage: the diagnosis in English (what JSON Lines
 * readers and the English strings of the history get) and its texts as phrases, so every reader renders
 * them in their own language later. Rounds are always diagnosed this way, whatever the display language.
 */
export function diagnoseForStorage(
  e: DiagnosisEvidence,
  cap: CapturingLocalizer = capturingLocalizer(),
): { diagnosis: Diagnosis; texts: RoundTexts } {
  const d = diagnose(e, cap);
  return {
    diagnosis: mapStrings(d, (s) => cap.english(s)),
    texts: {
      ...optional('summary', cap.stored(d.summary)),
      evidence: d.evidence.map((x) => ({
        ...optional('label', cap.stored(x.label)),
        ...optional('value', cap.stored(x.value)),
      })),
    },
  };
}

/** What the pooled ping is called: its host, and over how many rounds when more than this one (docs/method.md §3.6). */
export function poolName(pool: readonly PingResult[], l: Localizer): string {
  const host = pool[pool.length - 1]!.host;
  return pool.length === 1 ? host : l.t('{0}, pooled over the last {1} rounds', host, pool.length);
}

const optional = <K extends string, V>(key: K, v: V | undefined): { [k in K]?: V } =>
  (v === undefined ? {} : { [key]: v }) as { [k in K]?: V };
