import * as vscode from 'vscode';
import { explainMarkdown } from '../alerts/sampleReport';
import type { ModelNode } from '../tree/treeItemData';
import type { HostServices } from './hostServices';
import { openMarkdown } from './openMarkdown';
import { pickHost } from './pickHost';

const connected = (s: HostServices) => (t: { id: string }) => s.registry.session(t.id)?.state.kind === 'connected';
const inUse = (s: HostServices) => (t: { id: string }) => s.registry.session(t.id) !== undefined;

export async function disconnectHost(s: HostServices, arg: unknown): Promise<void> {
  const hostId = await pickHost(s.registry, arg, {
    placeHolder: vscode.l10n.t('Disconnect which host?'),
    eligible: inUse(s),
    none: vscode.l10n.t('No host is connected.'),
  });
  await s.registry.session(hostId)?.disconnect();
  s.log.info(`${s.registry.target(hostId)?.label ?? hostId}: disconnected`);
}

/** Takes a sample now (the host's inline Refresh); the session never runs two at once. */
export async function sampleNow(s: HostServices, arg: unknown): Promise<void> {
  const hostId = await pickHost(s.registry, arg, {
    placeHolder: vscode.l10n.t('Refresh which host?'),
    eligible: connected(s),
    none: vscode.l10n.t('No host is connected.'),
  });
  const session = s.registry.session(hostId);
  if (session === undefined) throw new Error(vscode.l10n.t('Connect to the host first.'));
  s.status.select(hostId);
  const label = s.registry.target(hostId)?.label ?? hostId;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('VPS Doctor: sampling {0}', label) },
    () => session.sampleNow(),
  );
}

/** The view's Refresh: reloads the host list and samples every connected host. */
export async function refreshAll(s: HostServices): Promise<void> {
  await s.tree.reload();
  const live = s.registry.targets.filter(connected(s));
  const results = await Promise.allSettled(live.map((t) => s.registry.session(t.id)!.sampleNow()));
  results.forEach((r, i) => {
    if (r.status === 'rejected')
      s.log.warn(
        `${live[i]!.label}: refresh failed: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`,
      );
  });
}

export async function resetBaseline(s: HostServices, arg: unknown): Promise<void> {
  const hostId = await pickHost(s.registry, arg, {
    placeHolder: vscode.l10n.t('Reset the failcnt baseline of which host?'),
    eligible: inUse(s),
    none: vscode.l10n.t('No host is connected.'),
  });
  s.registry.resetBaseline(hostId);
  s.alerts.forget(hostId);
  s.log.info(
    `${s.registry.target(hostId)?.label ?? hostId}: failcnt baseline reset; growth counts from the next sample`,
  );
}

/** Copies the sudoers line that lets the login read /proc/user_beancounters (from the tree node, or the picked host's sample). */
export async function copySudoersLine(s: HostServices, arg: unknown): Promise<void> {
  const lineOf = (hostId: string): string | null => {
    const bc = s.registry.session(hostId)?.latest?.snapshot.beancounters;
    return bc?.state === 'unavailable' ? bc.sudoersLine : null;
  };
  const fromNode = (arg as Partial<ModelNode> | undefined)?.sudoersLine;
  const line =
    fromNode ??
    lineOf(
      await pickHost(s.registry, arg, {
        placeHolder: vscode.l10n.t('Copy the sudoers line for which host?'),
        eligible: (t) => lineOf(t.id) !== null,
        none: vscode.l10n.t('No connected host needs a sudoers line.'),
      }),
    );
  if (line === null)
    throw new Error(vscode.l10n.t('This host offers no sudoers line: see the tooltip of its Beancounters node.'));
  await vscode.env.clipboard.writeText(line);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Copied. On the server run "sudo visudo -f /etc/sudoers.d/vps-doctor" and paste: {0}', line),
  );
}

/** Explains a resource of the latest sample: from its tree node, or picked from the palette. */
export async function explainResource(s: HostServices, arg: unknown): Promise<void> {
  const node = arg as Partial<ModelNode> | undefined;
  const hostId =
    node?.resource !== undefined && node.hostId !== undefined
      ? node.hostId
      : await pickHost(s.registry, arg, {
          placeHolder: vscode.l10n.t('Explain a resource of which host?'),
          eligible: (t) => s.registry.session(t.id)?.latest !== undefined,
          none: vscode.l10n.t('No host has been sampled yet.'),
        });
  const view = s.registry.session(hostId)?.latest;
  if (view === undefined) throw new Error(vscode.l10n.t('No sample of this host yet.'));
  let resource = node?.resource;
  if (resource === undefined) {
    const bc = view.snapshot.beancounters;
    const rows =
      bc.state === 'ok'
        ? bc.table.containers.flatMap((c) => c.resources.map((r) => ({ containerId: c.id, name: r.name })))
        : [];
    const picked = await vscode.window.showQuickPick(
      rows.map((r) => ({ label: r.name, description: vscode.l10n.t('container {0}', r.containerId), r })),
      { placeHolder: vscode.l10n.t('Which resource?') },
    );
    if (picked === undefined) throw new vscode.CancellationError();
    resource = picked.r;
  }
  const text = explainMarkdown(view, resource.containerId, resource.name, vscode.l10n.t);
  if (text === undefined) throw new Error(vscode.l10n.t('{0} is not in the latest sample.', resource.name));
  await openMarkdown(text);
}
