import * as vscode from 'vscode';
import type { HostRegistry } from '../sessions/hostRegistry';
import type { HostTarget } from '../sessions/sessionTypes';
import { hostIdOf } from './commandIds';

/**
 * The host a command acts on: the tree node or id it was given, else the user's pick among the
 * hosts that `eligible` accepts. Throws `CancellationError` when the user dismisses the pick (the
 * command boundary stays silent then), and a plain error when no host qualifies.
 */
export async function pickHost(
  registry: HostRegistry,
  arg: unknown,
  opts: { placeHolder: string; eligible?: (t: HostTarget) => boolean; none: string },
): Promise<string> {
  const given = hostIdOf(arg);
  if (given !== undefined) return given;
  const hosts = registry.targets.filter(opts.eligible ?? (() => true));
  if (hosts.length === 0) throw new Error(opts.none);
  if (hosts.length === 1) return hosts[0]!.id;
  const picked = await vscode.window.showQuickPick(
    hosts.map((t) => ({
      label: t.label,
      description: t.source === 'ssh-config' ? vscode.l10n.t('~/.ssh/config') : vscode.l10n.t('settings'),
      id: t.id,
    })),
    { placeHolder: opts.placeHolder },
  );
  if (picked === undefined) throw new vscode.CancellationError();
  return picked.id;
}
