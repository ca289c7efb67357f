import * as vscode from 'vscode';
import type { DiagnosisStage } from '../../core/diagnosis/fullDiagnosis';
import { clientSynSchedule } from '../../core/probes/synSchedule';
import { attemptView } from '../../core/resultModel/resultView';
import { verdictTitle } from '../../shared/reportView';
import { readProbeSettings, readSettings } from '../settings';
import { sessionSettings } from '../sessions/sessionSettings';
import { burstRequest } from './burstRequest';
import { confirmBurst, exclusive, probeHost, recordProbe, withProbeProgress } from './probeHost';
import { diagnosisSummary } from './probeSummary';
import type { ProbeServices } from './probeServices';
import { loadLazy } from '../lazyLoad';
import { localizeReport } from '../../core/resultModel/localizeReport';
import { displayLocalizer } from '../l10n';
import { settingPingCount } from '../../core/probes/pingLimits';

/** Share of the progress bar per stage (the burst's share is spread over its attempts). */
const SHARE: Record<DiagnosisStage, number> = { snapshot: 5, burst: 45, idle: 25, ping: 20, verdict: 5 };

/**
 * Run Full Diagnosis, as `vps-doctor diagnose` does it (src/cli/commands/diagnose.ts): connect, pause the
 * background sampling, then S0, the burst with its keep-alive control, S1, the idle control, S2, the ping
 * and the verdict (runFullDiagnosis), streaming each attempt into the report panel. The report is shown in
 * the panel and the Latest Result view and its verdict goes into the host's history.
 */
export async function runDiagnosis(s: ProbeServices, arg: unknown): Promise<void> {
  const h = await probeHost(s, arg, vscode.l10n.t('Run the full diagnosis of which host?'));
  const probes = readProbeSettings();
  const req = h.demo ?? { ...burstRequest(probes), pingCount: settingPingCount(probes.pingCount) };
  if ('capped' in req && req.capped !== undefined) s.log.info(`${h.label}: ${req.capped}`);
  if ('confirm' in req && req.confirm) await confirmBurst(h.label, req.count, req.concurrency);
  const { runFullDiagnosis } = await loadLazy();
  const sample = sessionSettings(readSettings());
  const schedule = clientSynSchedule();
  const stageText: Record<DiagnosisStage, string> = {
    snapshot: vscode.l10n.t('Reading the server counters'),
    burst: vscode.l10n.t('Burst: {0} new connections, {1} at a time', req.count, req.concurrency),
    idle: vscode.l10n.t('Idle control interval: the counters without the burst'),
    ping: vscode.l10n.t('Ping: {0} echo requests', req.pingCount),
    verdict: vscode.l10n.t('Deciding'),
  };
  s.log.info(`${h.label}: full diagnosis against ${h.address}:${h.target.port}${h.target.httpPath ?? ''}`);
  const hold = s.registry.holdSampling(h.hostId);
  const report = await exclusive(s, h, () =>
    withProbeProgress(vscode.l10n.t('VPS Doctor: diagnosing {0}', h.label), async (progress, signal) => {
      s.views.startRun(h.hostId, h.label);
      let done = 0;
      return runFullDiagnosis({
        runner: h.session.runner(),
        facts: h.session.facts,
        virtualization: h.session.virtualization,
        target: { label: h.label, host: h.address, port: h.target.port, httpPath: h.target.httpPath },
        count: req.count,
        concurrency: req.concurrency,
        pingCount: req.pingCount,
        ...(h.demo ? { pingIntervalSeconds: h.demo.pingIntervalSeconds } : {}),
        sample: { timeoutMs: sample.timeoutMs, maxOutputBytes: sample.maxOutputBytes, useSudo: sample.useSudo },
        demo: h.demo !== undefined,
        tool: s.tool,
        vantage: s.vantage,
        l: displayLocalizer(),
        signal,
        onStage: (stage) => {
          s.views.progress(h.hostId, h.label, { kind: 'phase', text: stageText[stage] });
          if (stage === 'burst')
            s.views.progress(h.hostId, h.label, {
              kind: 'burstPlan',
              count: req.count,
              concurrency: req.concurrency,
              scheduleMs: schedule.pointsMs,
              baselineRttMs: 0,
            });
          if (stage === 'ping') s.views.progress(h.hostId, h.label, { kind: 'pingPlan', count: req.pingCount });
          progress(stageText[stage], stage === 'burst' ? 0 : SHARE[stage]);
        },
        onAttempt: (a) => {
          done++;
          s.views.progress(h.hostId, h.label, { kind: 'attempt', attempt: attemptView(a) });
          progress(vscode.l10n.t('Burst: {0}/{1} connections', done, req.count), SHARE.burst / req.count);
        },
        onReply: (seq, rttMs) => s.views.progress(h.hostId, h.label, { kind: 'reply', seq, rttMs }),
        onWarning: (message) => {
          s.log.warn(`${h.label}: ${message}`);
          void vscode.window.showWarningMessage(vscode.l10n.t('VPS Doctor: {0}', message));
        },
      });
    }),
  ).finally(() => hold.dispose());
  await s.views.show(h.hostId, report);
  await recordProbe(s, h, 'diagnosis', diagnosisSummary(report));
  s.log.info(
    `${h.label}: diagnosis: ${report.diagnosis.verdict} (${report.diagnosis.confidence}): ${report.diagnosis.summary}`,
  );
  const exportIt = vscode.l10n.t('Export Report…');
  const l = displayLocalizer();
  void vscode.window
    .showInformationMessage(
      vscode.l10n.t(
        'VPS Doctor: {0}: {1}. {2}',
        h.label,
        verdictTitle(report.diagnosis.verdict, l),
        localizeReport(report, l).diagnosis.summary,
      ),
      exportIt,
    )
    .then((choice) =>
      choice === exportIt ? vscode.commands.executeCommand('vpsDoctor.report.export', h.hostId) : undefined,
    );
}
