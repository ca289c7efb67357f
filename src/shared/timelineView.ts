import { interval, isBool, isCount, isNum, isRecord, isText, list, orNull, shape, type Guard } from './reportViewCheck';

/** One round of a watch as the timeline draws it; fractions are 0..1, times ms. */
export interface TimelineRoundView {
  seq: number;
  atMs: number;
  /** Verdict id, or null for a failed round. */
  verdict: string | null;
  /** Verdict title, or what failed. */
  title: string;
  confidence: string | null;
  summary: string;
  changed: boolean;
  /** The round's verdict is one of the SYN-drop verdicts. */
  synDrop: boolean;
  /** Delayed share of the burst and its Wilson 95 % interval. */
  delayed: number | null;
  delayedCi95: [number, number] | null;
  /** Ping loss (pooled over consecutive rounds) and its Wilson 95 % interval. */
  pingLoss: number | null;
  pingLossCi95: [number, number] | null;
  /** Growth of tcpsndbuf + tcprcvbuf + othersockbuf failcnt during the burst. */
  sockbufFailcnt: number | null;
  /** Connect-time median and 90th percentile, ms. */
  connectP50: number | null;
  connectP90: number | null;
  evidence: { label: string; value: string; decisive: boolean }[];
}

/** A host's watch timeline for the report panel and the exported page. */
export interface TimelineView {
  title: string;
  /** Where the SYN-drop signature concentrated, in one sentence. */
  headline: string;
  rounds: TimelineRoundView[];
}

/** Two weeks of 5-minute rounds, the watch history's bound, with room to spare. */
const MAX_ROUNDS = 10_000;

const round = shape({
  seq: isCount,
  atMs: isNum,
  verdict: orNull(isText),
  title: isText,
  confidence: orNull(isText),
  summary: isText,
  changed: isBool,
  synDrop: isBool,
  delayed: orNull(isNum),
  delayedCi95: orNull(interval),
  pingLoss: orNull(isNum),
  pingLossCi95: orNull(interval),
  sockbufFailcnt: orNull(isNum),
  connectP50: orNull(isNum),
  connectP90: orNull(isNum),
  evidence: list(shape({ label: isText, value: isText, decisive: isBool }), 200),
} satisfies Record<keyof TimelineRoundView, Guard>);

/** True when `v` is a well-formed {@link TimelineView} within the size bounds. */
export const isTimelineView = (v: unknown): v is TimelineView =>
  isRecord(v) && isText(v['title']) && isText(v['headline']) && list(round, MAX_ROUNDS)(v['rounds']);
