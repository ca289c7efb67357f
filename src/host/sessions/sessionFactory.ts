import type * as vscode from 'vscode';
import { createSessionPrompts } from '../prompts/sessionPrompts';
import type { RememberedPassphrases } from '../prompts/rememberedPassphrases';
import { readSettings } from '../settings';
import type { SessionFactory } from './hostRegistry';
import type { HostTarget } from './sessionTypes';
import { sessionSettings } from './sessionSettings';
import { loadLazy } from '../lazyLoad';

/**
 * How one listed host is really reached, when that differs from the user's settings: the demo host is
 * listed as `demo` but connected through its own ssh config file like any ssh config alias.
 */
export interface SessionRoute {
  target: HostTarget;
  /** Read instead of `vpsDoctor.ssh.configFile` for this host only. */
  sshConfigFile: string;
}

/**
 * The real session factory. The session module (and with it ssh2) is imported on the first use of a
 * host, never at activation: esbuild keeps the module in the bundle but wraps it so its top level,
 * and ssh2's, runs only when this import is first awaited.
 */
export function createSessionFactory(
  log: vscode.LogOutputChannel,
  storeDir: string,
  route: (target: HostTarget) => SessionRoute | undefined = () => undefined,
  remembered?: RememberedPassphrases,
): SessionFactory {
  const prompts = createSessionPrompts(log, remembered);
  return async (listed) => {
    const { HostSession } = await loadLazy();
    const routed = route(listed);
    const settings = sessionSettings(readSettings());
    return new HostSession(routed?.target ?? listed, {
      prompts,
      storeDir,
      settings: routed === undefined ? settings : { ...settings, sshConfigFile: routed.sshConfigFile },
      log: (level, message) => log[level](`${listed.label}: ${message}`),
    });
  };
}
