import * as vscode from 'vscode';
import { msg } from '../../shared/l10n/localizer';
import { sweepText } from '../../core/report/burstText';
import { exclusive, probeHost, withProbeProgress } from './probeHost';
import type { ProbeServices } from './probeServices';
import { loadLazy } from '../lazyLoad';

/** The sweep's phases in words for its progress line. */
const PHASES = { spaced: msg('spaced'), burst: msg('burst'), pause: msg('pause') } as const;

/** The sweep's bounds: its own defaults, stated here because the confirmation quotes them. */
const MAX_CONNECTIONS = 120;
const MAX_DURATION_MS = 180_000;

/**
 * The report panel's "Estimate the Filter": the opt-in rate-limit sweep (src/core/probes/sweep.ts) against
 * the host's remembered service, bounded to MAX_CONNECTIONS connections and MAX_DURATION_MS, cancellable.
 * The estimate goes to a notification and, in full, to the log.
 */
export async function runSweepProbe(s: ProbeServices, hostId: string): Promise<void> {
  const h = await probeHost(s, hostId, vscode.l10n.t('Sweep which host?'));
  const go = vscode.l10n.t('Run the Sweep');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Estimate the SYN filter in front of {0}?', h.label),
    {
      modal: true,
      detail: vscode.l10n.t(
        'The sweep opens up to {0} connections to port {1} over up to {2} minutes: spaced connects, then bursts of rising size until SYNs are lost, then single connects after pauses. This machine may stay greylisted for a while afterwards.',
        MAX_CONNECTIONS,
        h.target.port,
        MAX_DURATION_MS / 60_000,
      ),
    },
    go,
  );
  if (choice !== go) throw new vscode.CancellationError();
  const { runSweep } = await loadLazy();
  const result = await exclusive(s, h, () =>
    withProbeProgress(
      vscode.l10n.t('VPS Doctor: estimating the SYN filter of {0}', h.label),
      async (report, signal) => {
        const r = await runSweep({
          host: h.address,
          port: h.target.port,
          signal,
          maxConnections: MAX_CONNECTIONS,
          maxDurationMs: MAX_DURATION_MS,
          onAttempt: (a) =>
            report(
              vscode.l10n.t('{0} connection, round {1}', vscode.l10n.t(PHASES[a.phase]), a.round + 1),
              100 / MAX_CONNECTIONS,
            ),
        });
        if (r.cancelled) throw new vscode.CancellationError();
        return r;
      },
    ),
  );
  const text = sweepText(result);
  s.log.info(`${h.label}: ${text}`);
  const e = result.estimate;
  const headline = !e.triggered
    ? vscode.l10n.t('no connection lost a SYN: no rate limit was triggered at these rates')
    : e.sustainedPerSecond === null
      ? vscode.l10n.t('SYNs were lost; allowance about {0} SYNs', e.burstAllowance.low)
      : vscode.l10n.t(
          'a filter lets about {0} SYNs through at once and {1} per second after that',
          e.burstAllowance.low,
          e.sustainedPerSecond.low.toFixed(1),
        );
  const more = vscode.l10n.t('Show Log');
  void vscode.window
    .showInformationMessage(vscode.l10n.t('VPS Doctor: {0}: {1}', h.label, headline), more)
    .then((c) => (c === more ? s.log.show() : undefined));
}
