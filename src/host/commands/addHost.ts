import * as vscode from 'vscode';
import { parseHostSpec } from '../../core/ssh/sshConfigHostSpec';
import { hostIdOf } from './commandIds';
import type { HostServices } from './hostServices';
import { readSettings, writeHostList } from '../settings';
import { hostSpecProblem, withHost, withoutHost } from '../sessions/hostTargets';
import { pickHost } from './pickHost';
import { displayLocalizer } from '../l10n';

/**
 * Add Host: type `user@host:port` (checked as it is typed), or pick a host from ~/.ssh/config, which
 * is listed already and is selected and connected instead of being added twice.
 */
export async function addHost(s: HostServices): Promise<void> {
  await s.tree.reload();
  const fromConfig = s.registry.targets.filter((t) => t.source === 'ssh-config');
  const type = { label: `$(edit) ${vscode.l10n.t('Enter user@host:port…')}`, id: undefined as string | undefined };
  const choice =
    fromConfig.length === 0
      ? type
      : await vscode.window.showQuickPick(
          [
            type,
            ...fromConfig.map((t) => ({
              label: t.label,
              description: vscode.l10n.t('from ~/.ssh/config'),
              id: t.id as string | undefined,
            })),
          ],
          { placeHolder: vscode.l10n.t('Add a host by address, or pick one from ~/.ssh/config') },
        );
  if (choice === undefined) throw new vscode.CancellationError();
  if (choice.id !== undefined) {
    await vscode.commands.executeCommand('vpsDoctor.hosts.connect', choice.id);
    return;
  }
  const l = displayLocalizer();
  const spec = await vscode.window.showInputBox({
    title: vscode.l10n.t('VPS Doctor: Add Host'),
    prompt: vscode.l10n.t('user@host:port (user and port optional; IPv6 in brackets)'),
    placeHolder: 'admin@203.0.113.7:22',
    ignoreFocusOut: true,
    validateInput: (v) => {
      return hostSpecProblem(v, l);
    },
  });
  if (spec === undefined || spec.trim() === '' || !parseHostSpec(spec).ok) throw new vscode.CancellationError();
  await writeHostList(withHost(readSettings().hosts, spec));
  await s.tree.reload();
  s.log.info(`added host ${spec.trim()}`);
}

/** Remove Host: hosts added in settings only (ssh config hosts are removed by editing ~/.ssh/config). */
export async function removeHost(s: HostServices, arg: unknown): Promise<void> {
  const given = hostIdOf(arg);
  if (given !== undefined && s.registry.target(given)?.source !== 'settings') {
    throw new Error(
      vscode.l10n.t(
        "Only hosts added in VPS Doctor's settings can be removed here; edit ~/.ssh/config for the others.",
      ),
    );
  }
  const hostId = await pickHost(s.registry, arg, {
    placeHolder: vscode.l10n.t('Remove which host?'),
    eligible: (t) => t.source === 'settings',
    none: vscode.l10n.t('No host was added in the settings.'),
  });
  await writeHostList(withoutHost(readSettings().hosts, hostId));
  await s.tree.reload();
  s.log.info(`removed host ${hostId}`);
}
