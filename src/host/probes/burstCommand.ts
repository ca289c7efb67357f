import * as vscode from 'vscode';
import { probeVerdict } from '../tree/probeItems';
import { HARD_MAX_RATE_PER_SECOND } from '../../core/probes/burstLimits';
import { clientSynSchedule } from '../../core/probes/synSchedule';
import { attemptView } from '../../core/resultModel/resultView';
import { readProbeSettings } from '../settings';
import { burstReport } from './burstReport';
import { burstRequest } from './burstRequest';
import { confirmBurst, exclusive, probeHost, recordProbe, withProbeProgress } from './probeHost';
import { burstProbeSummary } from './probeSummary';
import type { ProbeServices } from './probeServices';
import { loadLazy } from '../lazyLoad';

/**
 * Run Burst Probe: `count` new connections to the host's service, `concurrency` at a time, with a
 * keep-alive control (docs/method.md §3.2), each attempt drawn in the report panel as it ends.
 * The result is a client-only report (no server counters): the full diagnosis adds them.
 */
export async function runBurstProbe(s: ProbeServices, arg: unknown): Promise<void> {
  const h = await probeHost(s, arg, vscode.l10n.t('Run the burst probe against which host?'));
  const settings = readProbeSettings();
  const req = h.demo ?? burstRequest(settings);
  if ('capped' in req && req.capped !== undefined) s.log.info(`${h.label}: ${req.capped}`);
  if ('confirm' in req && req.confirm) await confirmBurst(h.label, req.count, req.concurrency);
  const schedule = clientSynSchedule();
  const where = `${h.address}:${h.target.port}${h.target.httpPath ?? ''}`;
  s.log.info(`${h.label}: burst of ${req.count} at ${req.concurrency} to ${where}`);
  const { runBurst } = await loadLazy();
  const result = await exclusive(s, h, () =>
    withProbeProgress(vscode.l10n.t('VPS Doctor: burst probe of {0}', h.label), async (report, signal) => {
      s.views.startRun(h.hostId, h.label);
      s.views.progress(h.hostId, h.label, {
        kind: 'phase',
        text: vscode.l10n.t('Burst: {0} new connections to {1}', req.count, where),
      });
      s.views.progress(h.hostId, h.label, {
        kind: 'burstPlan',
        count: req.count,
        concurrency: req.concurrency,
        scheduleMs: schedule.pointsMs,
        baselineRttMs: 0,
      });
      let done = 0;
      const r = await runBurst({
        host: h.address,
        port: h.target.port,
        httpPath: h.target.httpPath,
        count: req.count,
        concurrency: req.concurrency,
        schedule,
        signal,
        limits: {
          maxCount: settings.maxCount,
          maxConcurrency: settings.maxConcurrency,
          maxRatePerSecond: HARD_MAX_RATE_PER_SECOND,
        },
        onAttempt: (a) => {
          done++;
          s.views.progress(h.hostId, h.label, { kind: 'attempt', attempt: attemptView(a) });
          report(vscode.l10n.t('{0}/{1} connections', done, req.count), 100 / req.count);
        },
      });
      if (r.cancelled) throw new vscode.CancellationError();
      return r;
    }),
  );
  const summary = burstProbeSummary(result);
  const rep = burstReport(result, {
    label: h.label,
    tool: s.tool,
    demo: h.demo !== undefined,
    virtualization: h.session.virtualization?.kind,
    vantage: s.vantage,
  });
  await s.views.show(h.hostId, rep);
  await recordProbe(s, h, 'burst', summary);
  s.log.info(`${h.label}: burst: ${summary.verdict}`);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('VPS Doctor: {0}: {1}', h.label, probeVerdict(summary, vscode.l10n.t, 'burst') ?? summary.verdict),
  );
}
