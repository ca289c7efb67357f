import { synSourceText } from '../probes/synScheduleSource';
import { keepAliveErrorText } from '../probes/keepAliveErrors';
import { english, list, type Localizer } from '../../shared/l10n/localizer';
import { connectErrorMeaning } from '../probes/connectErrors';
import type { BurstAttempt, BurstResult } from '../probes/burst';
import type { SweepResult } from '../probes/sweep';
import { formatShortPercent as pct } from '../../shared/units';

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))}`;

/** One character per attempt: `.` fast, `1`-`9` inferred SYN retransmissions, `L` latency, `x` failed. */
export function burstStrip(attempts: readonly BurstAttempt[]): string {
  return [...attempts]
    .sort((a, b) => a.index - b.index)
    .map((a) =>
      a.kind === 'fast'
        ? '.'
        : a.kind === 'failed'
          ? 'x'
          : a.kind === 'latency'
            ? 'L'
            : String(Math.min(9, a.retransmissions ?? 0)),
    )
    .join('');
}

/** The burst result in words: what was done, what was seen, and what it means, for a terminal. */
export function burstText(r: BurstResult, l: Localizer = english): string {
  const s = r.summary;
  const ms = r.attempts.filter((a) => a.connectMs !== null).map((a) => a.connectMs as number);
  const target = `${r.target.ip}:${r.target.port}${r.target.host !== r.target.ip ? ` (${r.target.host})` : ''}`;
  const out = [
    l.t(
      'Burst: {0} new {1} connections to {2}, {3} at a time; baseline RTT {4} ms',
      r.count,
      r.mode === 'http' ? 'HTTP' : 'TCP',
      target,
      r.concurrency,
      r.baselineRttMs.toFixed(1),
    ),
    l.t(
      'Client SYN schedule: {0}, retransmissions at {1} s ({2})',
      r.schedule.os,
      r.schedule.pointsMs.slice(0, 7).map(seconds).join(', '),
      synSourceText(r.schedule.source, l),
    ),
    l.t('  attempts  {0}   (. fast, 1-9 SYN retransmissions, L latency, x failed)', burstStrip(r.attempts)),
    l.t(
      '  delayed   {0}/{1} ({2}, 95% CI {3}-{4})',
      s.delayed,
      s.attempts,
      pct(s.attempts ? s.delayed / s.attempts : 0),
      pct(s.delayedCi95[0]),
      pct(s.delayedCi95[1]),
    ) + (s.firstDelayedIndex !== null ? l.t(', first delayed attempt #{0}', s.firstDelayedIndex + 1) : ''),
    l.t('  failed    {0}', s.failed) +
      (s.responseFailed ? l.t(', {0} connected but got no HTTP response', s.responseFailed) : ''),
  ];
  if (ms.length > 0)
    out.push(l.t('  connect   min {0} ms, max {1} ms', Math.min(...ms).toFixed(1), Math.max(...ms).toFixed(1)));
  const hist = list(
    l,
    Object.entries(s.histogram).map(
      ([k, n]) => `${k === '0' ? l.t('none') : k === 'latency' || k === 'failed' ? k : l.t('{0} lost', k)}: ${n}`,
    ),
  );
  if (hist) out.push(l.t('  retransmissions per attempt  {0}', hist));
  const errors = new Map<string, { meaning: string; n: number }>();
  for (const a of r.attempts) {
    if (a.error)
      errors.set(a.error.code, {
        meaning: l.lang === 'en' ? a.error.meaning : connectErrorMeaning(a.error.code, l),
        n: (errors.get(a.error.code)?.n ?? 0) + 1,
      });
  }
  for (const [code, e] of errors) out.push(`  ${code} x${e.n}: ${e.meaning}`);
  const ka = r.keepAlive;
  out.push(
    ka.failed === 0 && !ka.error
      ? l.t('Keep-alive control: {0} request(s) over one existing connection, none failed', ka.requests)
      : l.t('Keep-alive control: {0}/{1} failed', ka.failed, ka.requests) +
          (ka.error ? ` (${keepAliveErrorText(ka.error, l)})` : ''),
  );
  if (s.positionSignature === 'front-fast-then-delayed') {
    out.push(
      l.t(
        'Pattern: the first attempts were fast and the later ones waited for SYN retransmissions: the signature of a per-source SYN rate limit.',
      ),
    );
  } else if (s.positionSignature === 'random' && s.delayed > 0) {
    out.push(l.t('Pattern: delays scattered through the burst, not concentrated after the first attempts.'));
  }
  if (s.delayed > 0) {
    out.push(
      l.t(
        'Connect times near {0} s are SYN retransmissions: the first SYN (or its SYN/ACK) was lost and the client resent it.',
        r.schedule.pointsMs.slice(0, 3).map(seconds).join(' s, '),
      ),
    );
  }
  if (r.cancelled) out.push(l.t('Cancelled: the figures above cover the attempts that finished.'));
  return out.join('\n');
}

/** The opt-in sweep's estimates in words. */
export function sweepText(r: SweepResult, l: Localizer = english): string {
  const e = r.estimate;
  const range = (x: { low: number; high: number | null }, unit: string) =>
    x.high === null
      ? l.t('at least {0} {1}', x.low.toFixed(1), unit)
      : x.low === x.high
        ? `${x.low.toFixed(1)} ${unit}`
        : `${x.low.toFixed(1)}-${x.high.toFixed(1)} ${unit}`;
  const head = l.t('Sweep: {0} connections to {1}', r.attempts.length, `${r.target.ip}:${r.target.port}`);
  const out = [r.stoppedEarly ? l.t('{0} (stopped early: {1})', head, r.stoppedEarly) : head];
  if (!e.triggered) {
    out.push(`  ${l.t('No connection lost a SYN: no rate limit was triggered at these rates.')}`);
    return out.join('\n');
  }
  out.push(`  ${l.t('spaced connects that lost a SYN: {0}', e.spacedLost)}`);
  out.push(`  ${l.t('burst allowance: {0}', range(e.burstAllowance, 'SYNs'))}`);
  if (e.sustainedPerSecond) out.push(`  ${l.t('sustained rate: {0}', range(e.sustainedPerSecond, 'SYNs/s'))}`);
  if (e.blockedMs)
    out.push(
      `  ${l.t(
        'a greylisted source must stay quiet for {0}',
        range({ low: e.blockedMs.low / 1000, high: e.blockedMs.high === null ? null : e.blockedMs.high / 1000 }, 's'),
      )}`,
    );
  if (e.unexplained > 0)
    out.push(
      `  ${l.t('{0} of {1} SYNs fit no single token bucket: the estimate is approximate', e.unexplained, e.events)}`,
    );
  return out.join('\n');
}
