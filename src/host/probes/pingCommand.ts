import * as vscode from 'vscode';
import { probeVerdict } from '../tree/probeItems';
import { pingText } from '../../core/report/pingText';
import { openMarkdown } from '../commands/openMarkdown';
import { readProbeSettings } from '../settings';
import { exclusive, pingHost, recordProbe, withProbeProgress } from './probeHost';
import { pingProbeSummary } from './probeSummary';
import type { ProbeServices } from './probeServices';
import { loadLazy } from '../lazyLoad';
import { displayLocalizer } from '../l10n';
import { DEFAULT_PING_COUNT, settingPingCount } from '../../core/probes/pingLimits';

/**
 * Run Ping Probe: N echo requests to the host through the system ping, loss with its Wilson interval
 * (docs/method.md §4). The ping package hands the output over when ping exits, so the panel's
 * ping chart fills in at the end; the notification counts the seconds meanwhile.
 */
export async function runPingProbe(s: ProbeServices, arg: unknown): Promise<void> {
  const h = await pingHost(s, arg, vscode.l10n.t('Ping which host?'));
  const count = h.demo?.pingCount ?? (settingPingCount(readProbeSettings().pingCount) || DEFAULT_PING_COUNT);
  s.log.info(`${h.label}: ping ${h.address} x${count}`);
  const { runPing } = await loadLazy();
  const result = await exclusive(s, h, () =>
    withProbeProgress(vscode.l10n.t('VPS Doctor: pinging {0}', h.label), async (_report, signal) => {
      s.views.startRun(h.hostId, h.label);
      s.views.progress(h.hostId, h.label, {
        kind: 'phase',
        text: vscode.l10n.t('Ping: {0} echo requests to {1}', count, h.address),
      });
      s.views.progress(h.hostId, h.label, { kind: 'pingPlan', count });
      return runPing({
        host: h.address,
        count,
        signal,
        ...(h.demo ? { intervalSeconds: h.demo.pingIntervalSeconds } : {}),
        onReply: (seq, rttMs) => s.views.progress(h.hostId, h.label, { kind: 'reply', seq, rttMs }),
      });
    }),
  );
  const summary = pingProbeSummary(result);
  await recordProbe(s, h, 'ping', summary);
  s.log.info(`${h.label}: ping: ${summary.verdict}`);
  const details = vscode.l10n.t('Show Details');
  void vscode.window
    .showInformationMessage(
      vscode.l10n.t('VPS Doctor: {0}: {1}', h.label, probeVerdict(summary, vscode.l10n.t, 'ping') ?? summary.verdict),
      details,
    )
    .then((choice) => {
      if (choice === details)
        return openMarkdown(
          `# ${vscode.l10n.t('Ping of {0}', h.label)}\n\n\`\`\`text\n${pingText(result, displayLocalizer())}\n\`\`\`\n`,
        );
      return undefined;
    });
}
