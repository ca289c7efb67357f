import { english, type Localizer } from '../../shared/l10n/localizer';
import { object, oneOf, optional, str } from './resultCheck';

/**
 * Which side ran the probes: `local` is VS Code's local (UI) extension host, the user's own machine even
 * under Remote-SSH, WSL or a container; `workspace` is a remote extension host (code-server, Codespaces, a
 * remote reached from vscode.dev), i.e. a server; `cli` is wherever the `vps-doctor` command ran.
 */
export type VantageSide = 'local' | 'workspace' | 'cli';

/**
 * Where the burst and the ping went out from. A per-source SYN filter judges each source address on its
 * own, and a probe from inside the provider's network may not cross it at all (docs/method.md §3.2, §7), so
 * the verdict is about this vantage point. Language-neutral: renderers word it.
 */
export interface Vantage {
  side: VantageSide;
  /** `os.hostname()` of the machine the probes ran on. */
  host: string;
  /** VS Code's `env.remoteName` (`ssh-remote`, `codespaces`...) when the window is connected to a remote. */
  remoteName?: string;
}

export const VANTAGE_SIDES: readonly VantageSide[] = ['local', 'workspace', 'cli'];

/** The RESULT.json check of `client.vantage` (absent in results written before it existed). */
export const checkVantage = object<Vantage>({ side: oneOf(VANTAGE_SIDES), host: str, remoteName: optional(str) }, [
  'remoteName',
]);

/** "Probes ran from: …", one line for the "Where and when" section. */
export function vantageLine(v: Vantage, l: Localizer = english): string {
  const remote = v.remoteName !== undefined ? l.t(', remote "{0}"', v.remoteName) : '';
  switch (v.side) {
    case 'workspace':
      return l.t(
        "Probes ran from: {0} (the server running VS Code's workspace side{1}, not your own machine).",
        v.host,
        remote,
      );
    case 'local':
      return l.t("Probes ran from: {0} (the machine running VS Code's local side{1}).", v.host, remote);
    case 'cli':
      return l.t('Probes ran from: {0} (where the vps-doctor command ran).', v.host);
  }
}

/**
 * The caution a report carries when the probes ran on the workspace side, or undefined. The verdict stands
 * for that vantage point only: a burst from the server to its own service, or from inside the provider's
 * network, does not meet the filter that outside clients meet.
 */
export function vantageWarning(v: Vantage | undefined, l: Localizer = english): string | undefined {
  if (v?.side !== 'workspace') return undefined;
  return l.t(
    "The probes ran from {0}, the server running VS Code's workspace side (code-server, Codespaces or another remote), not from your own machine. A burst from a server to a service on the same server, or inside the provider's network, may not cross the filter that outside clients meet, so this verdict describes that vantage point only. To test the path your users take, run the diagnosis from your own machine: VS Code desktop or the vps-doctor command line (docs/method.md §7).",
    v.host,
  );
}
