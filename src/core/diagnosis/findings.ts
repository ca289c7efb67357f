import { english, type Localizer } from '../../shared/l10n/localizer';
import { gradeName } from '../../shared/l10n/terms';
import type { BufferRisk, RiskGrade } from '../kernel/bufferRiskTypes';
import { formatIntervalInProse as interval, formatPercent as percent } from '../../shared/units';
import { PROBES_FOR_A_CLAIM, type PingSignature } from './pingSignature';
import type { ServerSignature } from './serverSignature';
import type { Finding } from './types';

/** Ping loss with its interval and the caveats of docs/method.md §4.1. */
export function pingFinding(p: PingSignature, l: Localizer = english): Finding {
  const lines: string[] = [];
  if (p.lost === 0) {
    lines.push(l.t('No loss in {0} pings: with 95 % confidence the loss is below {1}.', p.sent, percent(p.ci95[1])));
  } else {
    lines.push(
      l.t('{0} of {1} pings lost: {2}, 95 % interval {3}.', p.lost, p.sent, percent(p.fraction), interval(p.ci95)),
    );
    lines.push(
      l.t(
        'The losses came in {0} episodes, the longest {1} in a row; losses come in bursts, so the real uncertainty is wider than the interval.',
        p.episodes,
        p.longestRun,
      ),
    );
  }
  if (p.sent < PROBES_FOR_A_CLAIM) {
    lines.push(
      l.t('Only {0} probes: telling a few percent of loss from none takes at least {1}.', p.sent, PROBES_FOR_A_CLAIM),
    );
  }
  if (p.p50Ms !== null && p.p95Ms !== null)
    lines.push(l.t('Round-trip time: median {0} ms, 95th percentile {1} ms.', p.p50Ms.toFixed(1), p.p95Ms.toFixed(1)));
  lines.push(
    l.t(
      'ICMP loss is not TCP loss: routers and providers often deprioritise or rate-limit ping, so the TCP burst is the test that counts for connections.',
    ),
  );
  const status = p.lost === 0 ? 'ok' : p.ci95[0] >= 0.01 ? 'problem' : 'warning';
  return {
    topic: 'ping',
    title: p.lost === 0 ? l.t('Ping: no loss') : l.t('Ping: {0} loss', percent(p.fraction)),
    status,
    lines,
  };
}

const STATUS: Record<RiskGrade, Finding['status']> = {
  critical: 'problem',
  high: 'problem',
  medium: 'warning',
  low: 'ok',
  unknown: 'unknown',
};

/**
 * The TCP buffer risk (docs/method.md §2.4) beside the verdict, with its derivation, and the
 * socket-buffer failcnt growth measured during the burst when the beancounters were read.
 */
export function bufferFinding(
  risk: BufferRisk | undefined,
  server: ServerSignature,
  l: Localizer = english,
): Finding | null {
  const lines: string[] = [];
  const grew = server.sockbuf;
  if (grew !== null) {
    lines.push(
      grew.aboveBackground
        ? l.t(
            'tcpsndbuf/tcprcvbuf/othersockbuf refused {0} charges during the burst: the limit bites now.',
            Math.round(grew.excess),
          )
        : l.t('The socket-buffer beancounters refused nothing during the burst.'),
    );
  }
  if (risk !== undefined) {
    lines.push(...risk.send.derivation, ...risk.receive.derivation.slice(-1));
    if (risk.wmemMaxExplanation !== undefined) lines.push(risk.wmemMaxExplanation);
    lines.push(...risk.send.mitigations, ...risk.receive.mitigations.filter((m) => !risk.send.mitigations.includes(m)));
  }
  if (lines.length === 0) return null;
  const grade: RiskGrade = risk?.grade ?? 'unknown';
  const status = grew !== null && grew.aboveBackground ? 'problem' : STATUS[grade];
  return { topic: 'buffers', title: l.t('TCP buffers: risk {0}', gradeName(grade, l)), status, lines };
}
