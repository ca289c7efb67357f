import type { LightRoundResult } from '../diagnosis/lightDiagnosis';
import type { Confidence, EvidenceItem, VerdictId } from '../diagnosis/types';
import { nearestRankPercentile } from '../probes/stats';
import { english, type Localizer } from '../../shared/l10n/localizer';
import type { Phrase } from '../../shared/l10n/phrase';
import { storedText } from '../../shared/l10n/capture';
import { summaryIn, type RoundTexts } from './roundTexts';

/** Why a round produced no verdict. */
export type RoundFailureKind =
  /** The host could not be reached over SSH (refused, timed out, dropped, name not found). */
  | 'unreachable'
  /** Connected, but a server sample failed (a timeout, garbage output, a permission). */
  | 'sample'
  /** The probes themselves could not run from this machine (e.g. the name does not resolve). */
  | 'probe';

/**
 * What a failed round failed at: its kind and the error's English message, with the message id and
 * parameters of an SSH error (`SshError.phrase`) so that it is shown in the reader's language.
 */
export interface RoundFailure {
  kind: RoundFailureKind;
  message: string;
  phrase?: Phrase;
}

/** One side of a verdict change: the round and the evidence its verdict rested on. */
export interface ChangeSide {
  seq: number;
  at: string;
  verdict: VerdictId;
  confidence: Confidence;
  summary: string;
  /** The decisive evidence rows of that round. */
  evidence: { label: string; value: string }[];
  /** `summary` and `evidence` as message ids plus parameters (absent in rounds stored before they were kept). */
  texts?: RoundTexts;
}

/**
 * One round of a watch, as printed (JSON Lines) and stored in the host's watch history. Times are ISO 8601 and
 * ms since the epoch; fractions are 0..1.
 */
export interface WatchRound {
  /** The round's number in the host's timeline, from 1; a restarted watch continues the count. */
  seq: number;
  /** When the round started. */
  at: string;
  atMs: number;
  durationMs: number;
  target: { label: string; host: string; port: number };
  /** Null for a failed round. */
  verdict: VerdictId | null;
  confidence: Confidence | null;
  /** The verdict's one sentence, or what failed; in English (older histories: as the round was worded). */
  summary: string;
  burst: {
    attempts: number;
    delayed: number;
    failed: number;
    keepAlive: { requests: number; failed: number; error?: string };
    /** Wilson 95 % interval of delayed / attempts. */
    delayedCi95: [number, number];
    position: 'front-fast-then-delayed' | 'random' | 'none';
    /** Connect-time percentiles (nearest rank) over the connections made, ms; null when none connected. */
    connectMs: { p50: number; p90: number; max: number } | null;
  } | null;
  ping: {
    /** This round's own probes. */
    sent: number;
    received: number;
    /** Wilson 95 % interval of the loss over `pooled` (this round and the ones just before it). */
    lossCi95: [number, number];
    pooled: { rounds: number; sent: number; received: number };
  } | null;
  /**
   * `deltas`: the server counters that moved between the samples around the burst (`counterDeltas` names;
   * counters that did not move are left out to keep a day of rounds small). `control`: whether the gap since
   * the previous round served as the idle control.
   */
  server: { deltas: Record<string, number>; control: boolean } | null;
  /** Every evidence row of the verdict, decisive ones marked (docs/method.md §3.4). */
  evidence: EvidenceItem[];
  /**
   * The verdict's `summary` and `evidence` texts as message ids plus parameters, rendered in the reader's
   * language (`summaryIn`, `evidenceIn`); absent in failed rounds and in rounds stored before they were kept.
   */
  texts?: RoundTexts;
  failure?: RoundFailure;
  /** True when the verdict differs from the previous round that had one. */
  changed: boolean;
  /** The change with the evidence of both sides; present when `changed`. */
  change?: { from: ChangeSide; to: ChangeSide };
}

export interface RoundTarget {
  label: string;
  host: string;
  port: number;
}

const nonZero = (deltas: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(deltas).filter(([, v]) => v !== 0));

/** A finished light round as a timeline entry (`changed` still false: see {@link withChange}); host and port are the burst's. */
export function roundFromResult(seq: number, target: RoundTarget, r: LightRoundResult): WatchRound {
  const b = r.burst;
  const connects = b.attempts
    .map((a) => a.connectMs)
    .filter((x): x is number => x !== null)
    .sort((x, y) => x - y);
  const ka = b.keepAlive;
  return {
    seq,
    at: new Date(r.startedAtMs).toISOString(),
    atMs: r.startedAtMs,
    durationMs: Math.max(0, r.endedAtMs - r.startedAtMs),
    target: { label: target.label, host: b.target.host, port: b.target.port },
    verdict: r.diagnosis.verdict,
    confidence: r.diagnosis.confidence,
    summary: r.diagnosis.summary,
    burst: {
      attempts: b.summary.attempts,
      delayed: b.summary.delayed,
      failed: b.summary.failed,
      keepAlive: { requests: ka.requests, failed: ka.failed, ...(ka.error === undefined ? {} : { error: ka.error }) },
      delayedCi95: b.summary.delayedCi95,
      position: b.summary.positionSignature,
      connectMs:
        connects.length === 0
          ? null
          : {
              p50: round1(nearestRankPercentile(connects, 0.5)!),
              p90: round1(nearestRankPercentile(connects, 0.9)!),
              max: round1(connects[connects.length - 1]!),
            },
    },
    ping:
      r.ping === undefined || r.pooledPing === undefined
        ? null
        : {
            sent: r.ping.sent,
            received: r.ping.received,
            lossCi95: r.pooledPing.loss.ci95,
            pooled: { rounds: r.pooledRounds, sent: r.pooledPing.sent, received: r.pooledPing.received },
          },
    server: { deltas: nonZero(r.deltas), control: r.idleDeltas !== undefined },
    evidence: r.diagnosis.evidence,
    texts: r.texts,
    changed: false,
  };
}

/** What a failed round failed at, with the error's message: `Unreachable: connect ETIMEDOUT …`. */
export function failureSummary(failure: RoundFailure, l: Localizer = english): string {
  const what =
    failure.kind === 'unreachable'
      ? l.t('Unreachable')
      : failure.kind === 'sample'
        ? l.t('The server sample failed')
        : l.t('The probe could not run');
  return l.t('{0}: {1}', what, failureMessage(failure, l));
}

/** The error of a failed round in `l`'s language: from its message id when it has one (read back from disk: checked). */
function failureMessage(failure: RoundFailure, l: Localizer): string {
  return l.lang === 'en' || failure.phrase === undefined
    ? failure.message
    : storedText(failure.message, failure.phrase, l);
}

/** What a round says in `l`'s language: its verdict sentence, or what a failed round failed at. */
export function roundSummary(r: WatchRound, l: Localizer = english): string {
  if (r.verdict === null) return r.failure === undefined ? r.summary : failureSummary(r.failure, l);
  return summaryIn(r, l);
}

/** A round that produced no verdict; the watch goes on. */
export function failedRound(
  seq: number,
  target: RoundTarget,
  atMs: number,
  durationMs: number,
  failure: RoundFailure,
): WatchRound {
  return {
    seq,
    at: new Date(atMs).toISOString(),
    atMs,
    durationMs: Math.max(0, durationMs),
    target,
    verdict: null,
    confidence: null,
    summary: failureSummary(failure),
    burst: null,
    ping: null,
    server: null,
    evidence: [],
    failure,
    changed: false,
  };
}

function side(r: WatchRound): ChangeSide {
  const decisive = r.evidence.flatMap((e, i) => (e.decisive ? [i] : []));
  const rows = r.texts?.evidence;
  return {
    seq: r.seq,
    at: r.at,
    verdict: r.verdict!,
    confidence: r.confidence!,
    summary: r.summary,
    evidence: decisive.map((i) => ({ label: r.evidence[i]!.label, value: r.evidence[i]!.value })),
    ...(r.texts === undefined || rows?.length !== r.evidence.length
      ? {}
      : { texts: { summary: r.texts.summary, evidence: decisive.map((i) => rows[i]!) } }),
  };
}

/**
 * Marks `round` as a change when its verdict differs from that of `previous`, the last earlier round that had
 * a verdict (failed rounds neither make nor break a change: a host that was unreachable for a round and then
 * shows the same verdict did not change). The change carries the evidence of both sides.
 */
export function withChange(previous: WatchRound | undefined, round: WatchRound): WatchRound {
  if (
    round.verdict === null ||
    previous === undefined ||
    previous.verdict === null ||
    previous.verdict === round.verdict
  )
    return round;
  return { ...round, changed: true, change: { from: side(previous), to: side(round) } };
}

/**
 * A round as a JSON Lines reader gets it (`vps-doctor watch --json`): its English texts, without the message
 * ids the history keeps beside them for rendering in another language.
 */
export function roundJson(r: WatchRound): Omit<WatchRound, 'texts'> {
  const { texts: _texts, ...rest } = r;
  if (rest.change === undefined) return rest;
  const bare = ({ texts: _t, ...side }: ChangeSide): ChangeSide => side;
  return { ...rest, change: { from: bare(rest.change.from), to: bare(rest.change.to) } };
}

/** The last round with a verdict, if any. */
export function lastVerdictRound(rounds: readonly WatchRound[]): WatchRound | undefined {
  for (let i = rounds.length - 1; i >= 0; i--) if (rounds[i]!.verdict !== null) return rounds[i];
  return undefined;
}

const round1 = (ms: number): number => Math.round(ms * 10) / 10;
