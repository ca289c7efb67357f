import { lossRuns, rttStats, wilsonInterval, type RttStats } from './stats';

/** Which ping printed the text: iputils on Linux, macOS/BSD, Windows `ping.exe`, or BusyBox (Alpine, containers). */
export type PingPlatform = 'linux' | 'darwin' | 'win32' | 'busybox';

/**
 * One ping run: N echo requests, which were answered and how fast. Every statistic is computed from the
 * per-reply lines, never taken from the platform's own summary (docs/method.md §4.2, §4.3).
 */
export interface PingResult {
  host: string;
  /** Probes analysed (the count asked for, or fewer if ping stopped early). */
  sent: number;
  /** Probes with at least one reply: `received <= sent` always; duplicates are not in this count. */
  received: number;
  /** Extra copies of replies already counted, marked `(DUP!)` (iputils excludes them from loss, §4.1). */
  duplicates: number;
  /**
   * Sequence numbers of unanswered probes, as the platform printed them: iputils counts from 1, macOS and
   * BusyBox from 0; Windows prints none, so its probes are numbered 1.. in output order. A probe is lost when
   * no reply was printed before ping exited (macOS: within the timeout).
   */
  lostSeqs: number[];
  /** First reply per answered probe in sequence order, round trip in ms. */
  replies: { seq: number; rttMs: number }[];
  /**
   * RTT statistics over `replies` in ms; null without replies. Duplicates are left out (iputils counts them):
   * a duplicate is a second copy of an answered probe and says more about the device that copied it than
   * about the path.
   */
  rtt: RttStats | null;
  /** Loss as a fraction of `sent` (0..1) with its Wilson 95 % interval (§4.1). */
  loss: { fraction: number; ci95: [number, number] };
  /** Runs of consecutive lost probes, and the longest one in probes (§4.1: losses are bursty). */
  episodes: number;
  longestRun: number;
  platform: string;
  /** The platform's output exactly as received, for the evidence trail. */
  raw: string;
}

/** What the output alone tells: everything but the host, which the caller knows. */
export type ParsedPing = Omit<PingResult, 'host'>;

/** A parser's reading of the probes, before the statistics. */
export interface ProbeObservations {
  platform: PingPlatform;
  /** Probes analysed; they carry the sequence numbers `firstSeq .. firstSeq + sent - 1`. */
  sent: number;
  firstSeq: number;
  /** Sequence number -> round trip (ms) of its first reply, for answered probes inside the analysed range. */
  firstReplies: Map<number, number>;
  duplicates: number;
  raw: string;
}

/** Turns observed probes into a result: loss, its interval, loss runs and RTT statistics (§4.1, §4.2). */
export function summarisePing(o: ProbeObservations): ParsedPing {
  const lost: boolean[] = [];
  const lostSeqs: number[] = [];
  const replies: { seq: number; rttMs: number }[] = [];
  for (let seq = o.firstSeq; seq < o.firstSeq + o.sent; seq++) {
    const rttMs = o.firstReplies.get(seq);
    lost.push(rttMs === undefined);
    if (rttMs === undefined) lostSeqs.push(seq);
    else replies.push({ seq, rttMs });
  }
  const runs = lossRuns(lost);
  return {
    sent: o.sent,
    received: replies.length,
    duplicates: o.duplicates,
    lostSeqs,
    replies,
    rtt: rttStats(replies.map((r) => r.rttMs)),
    loss: { fraction: o.sent > 0 ? lostSeqs.length / o.sent : 0, ci95: wilsonInterval(lostSeqs.length, o.sent) },
    episodes: runs.episodes,
    longestRun: runs.longestRun,
    platform: o.platform,
    raw: o.raw,
  };
}
