import * as vscode from 'vscode';
import type { HostRegistry } from '../sessions/hostRegistry';
import { readSettings } from '../settings';
import { GrowthEpisodes } from './growthEpisodes';
import { explainMarkdown, sampleReportMarkdown } from './sampleReport';
import { displayLocalizer, inDisplayLanguage } from '../l10n';
import { openMarkdown } from '../commands/openMarkdown';

/**
 * One notification when a failcnt starts growing (once per growth episode, not per sample), with
 * "Explain" and "Open Report". The `vpsDoctor.alerts.failcntGrowth` setting turns it off.
 */
export class FailcntAlerts implements vscode.Disposable {
  private readonly episodes = new GrowthEpisodes();
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly registry: HostRegistry,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = registry.onDidSample(({ hostId, view }) => {
      const started = this.episodes.update(hostId, view.deltas);
      if (started.length === 0 || view.stale) return;
      const first = started[0]!;
      const label = registry.target(hostId)?.label ?? hostId;
      this.log.warn(
        `${label}: failcnt started growing: ${started.map((d) => `${d.containerId}.${d.name} +${d.failcntDelta}`).join(', ')}`,
      );
      if (!readSettings().failcntAlerts) return;
      void this.notify(hostId, label, first.containerId, first.name, first.failcntDelta, started.length - 1);
    });
  }

  /** Starts counting episodes afresh for a host (after "Reset failcnt Baseline"). */
  forget(hostId: string): void {
    this.episodes.forget(hostId);
  }

  private async notify(
    hostId: string,
    label: string,
    containerId: string,
    name: string,
    delta: number,
    more: number,
  ): Promise<void> {
    const explain = vscode.l10n.t('Explain');
    const report = vscode.l10n.t('Open Report');
    const message =
      more > 0
        ? vscode.l10n.t(
            '{0}: failcnt of {1} started growing (+{2} since the previous sample), and {3} more.',
            label,
            name,
            delta,
            more,
          )
        : vscode.l10n.t('{0}: failcnt of {1} started growing (+{2} since the previous sample).', label, name, delta);
    const choice = await vscode.window.showWarningMessage(message, explain, report);
    const view = this.registry.session(hostId)?.latest;
    if (choice === undefined || view === undefined) return;
    const text =
      choice === explain
        ? explainMarkdown(inDisplayLanguage(view), containerId, name, vscode.l10n.t)
        : sampleReportMarkdown(
            label,
            inDisplayLanguage(view),
            this.registry.baseline(hostId),
            vscode.l10n.t,
            displayLocalizer(),
          );
    if (text !== undefined) await openMarkdown(text);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
