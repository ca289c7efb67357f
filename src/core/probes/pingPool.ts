import { lossRuns, rttStats, wilsonInterval } from './stats';
import type { PingResult } from './pingResult';

/**
 * Several short pings of the same host as one: a 20-probe ping says little about loss of a few percent
 * (docs/method.md §4.1 asks for 100 or more), but the pings of consecutive watch rounds together do.
 * Sequence numbers are renumbered 1.. in order, so loss runs across a round's end join up; the loss
 * and its Wilson 95 % interval, the runs and the RTT statistics are computed over the pooled probes.
 * `host` says what was pooled; `raw` keeps each run's own output, oldest first. At least one ping is needed.
 */
export function poolPings(pings: readonly PingResult[], host: string): PingResult {
  if (pings.length === 0) throw new RangeError('poolPings needs at least one ping');
  if (pings.length === 1) return { ...pings[0]!, host };
  const lostSeqs: number[] = [];
  const replies: { seq: number; rttMs: number }[] = [];
  const lost: boolean[] = [];
  let offset = 0;
  let duplicates = 0;
  for (const p of pings) {
    // A run's own numbering starts at 0 or 1 depending on the platform: place each probe by its rank.
    const first = Math.min(...p.lostSeqs, ...p.replies.map((r) => r.seq));
    const base = Number.isFinite(first) ? first : 0;
    const lostHere = new Set(p.lostSeqs);
    for (let i = 0; i < p.sent; i++) lost.push(lostHere.has(base + i));
    for (const s of p.lostSeqs) lostSeqs.push(offset + (s - base) + 1);
    for (const r of p.replies) replies.push({ seq: offset + (r.seq - base) + 1, rttMs: r.rttMs });
    duplicates += p.duplicates;
    offset += p.sent;
  }
  const runs = lossRuns(lost);
  const sent = offset;
  const received = pings.reduce((n, p) => n + p.received, 0);
  return {
    host,
    sent,
    received,
    duplicates,
    lostSeqs,
    replies,
    rtt: rttStats(replies.map((r) => r.rttMs)),
    loss: { fraction: sent > 0 ? lostSeqs.length / sent : 0, ci95: wilsonInterval(lostSeqs.length, sent) },
    episodes: runs.episodes,
    longestRun: runs.longestRun,
    platform: pings[pings.length - 1]!.platform,
    raw: pings.map((p) => p.raw).join('\n'),
  };
}
