import { homedir } from 'node:os';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { readSettings } from '../settings';
import type { HostRegistry } from './hostRegistry';
import { hostTargets } from './hostTargets';
import type { HostTarget } from './sessionTypes';

/**
 * Reads the host list (ssh config aliases without wildcards, then hosts from settings) into the
 * registry. Runs when the view is first shown, not at activation; the ssh config code is loaded then.
 * An unreadable ssh config or an invalid settings entry is logged and skipped, never fatal. `extra`
 * hosts (the running demo host) come first.
 */
export async function loadTargets(
  registry: HostRegistry,
  log: vscode.LogOutputChannel,
  extra: () => readonly HostTarget[] = () => [],
): Promise<void> {
  const settings = readSettings();
  const { listConfigHosts } = await import('../../core/ssh/sshConfigParser');
  const configFile = settings.sshConfigFile !== '' ? settings.sshConfigFile : join(homedir(), '.ssh', 'config');
  const aliases = await listConfigHosts(configFile);
  if (!aliases.ok) log.warn(`ssh config ${configFile}: ${aliases.error.message}`);
  const list = hostTargets(settings.hosts, aliases.ok ? aliases.value : []);
  for (const bad of list.invalid) log.warn(`skipped host "${bad.spec}": ${bad.message}`);
  // Extra targets (the running demo host) are not in any file: they are listed first, above the user's own.
  registry.setTargets([...extra(), ...list.targets]);
}
