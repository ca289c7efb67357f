import * as vscode from 'vscode';
import { hostIdOf } from '../commands/commandIds';
import { probeHost } from '../probes/probeHost';
import type { ProbeServices } from '../probes/probeServices';
import { displayLocalizer } from '../l10n';
import { lastRoundWord } from './watchNotice';
import type { WatchService } from './watchService';

/** Start Watching: the host (tree node, id or pick) is connected, its service asked once, and watched from now on. */
export async function startWatching(s: ProbeServices, w: WatchService, arg: unknown): Promise<void> {
  const h = await probeHost(s, arg, vscode.l10n.t('Watch which host?'));
  if (w.isWatching(h.hostId)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('VPS Doctor: {0} is already being watched.', h.label));
    return;
  }
  await w.start(h);
  const show = vscode.l10n.t('Show Timeline');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      'VPS Doctor: watching {0}. A round runs every few minutes; you are told when the verdict turns to a problem and when it recovers.',
      h.label,
    ),
    show,
  );
  if (choice === show) await w.showTimeline(h.hostId, h.label);
}

/** Stop Watching: the host given, or a pick among the watched ones. */
export async function stopWatching(w: WatchService, arg: unknown): Promise<void> {
  const given = hostIdOf(arg);
  const hostId = given ?? (await pickWatched(w, vscode.l10n.t('Stop watching which host?')));
  if (!w.isWatching(hostId)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('VPS Doctor: that host is not being watched.'));
    return;
  }
  await w.stop(hostId);
}

/** The status bar item's menu: show a timeline, stop one of the watches, or start another. */
export async function manageWatches(s: ProbeServices, w: WatchService): Promise<void> {
  const start = {
    label: `$(eye) ${vscode.l10n.t('Start watching a host…')}`,
    hostId: undefined as string | undefined,
    show: false,
  };
  const items = [
    ...w.watches.map((x) => ({
      label: `$(graph-line) ${vscode.l10n.t('Show the timeline of {0}', x.label)}`,
      description: vscode.l10n.t('round {0}', x.last?.seq ?? 0),
      hostId: x.hostId as string | undefined,
      show: true,
    })),
    ...w.watches.map((x) => ({
      label: `$(eye-closed) ${vscode.l10n.t('Stop watching {0}', x.label)}`,
      description:
        x.last?.verdict === null ? vscode.l10n.t('last round failed') : lastRoundWord(x.last, displayLocalizer()),
      hostId: x.hostId as string | undefined,
      show: false,
    })),
    start,
  ];
  const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('VPS Doctor watches') });
  if (picked === undefined) throw new vscode.CancellationError();
  if (picked.hostId === undefined) await startWatching(s, w, undefined);
  else if (picked.show) await w.showTimeline(picked.hostId, s.registry.target(picked.hostId)?.label ?? picked.hostId);
  else await w.stop(picked.hostId);
}

async function pickWatched(w: WatchService, placeHolder: string): Promise<string> {
  const all = w.watches;
  if (all.length === 0) throw new Error(vscode.l10n.t('No host is being watched.'));
  if (all.length === 1) return all[0]!.hostId;
  const picked = await vscode.window.showQuickPick(
    all.map((x) => ({ label: x.label, hostId: x.hostId })),
    { placeHolder },
  );
  if (picked === undefined) throw new vscode.CancellationError();
  return picked.hostId;
}
