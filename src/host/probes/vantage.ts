import type { Vantage } from '../../core/resultModel/resultVantage';

/**
 * Where this extension's probes go out from. The manifest lets VS Code run it on either side
 * (`extensionKind: ["ui", "workspace"]`): desktop VS Code, Remote-SSH, WSL and containers pick the local
 * (UI) side, the user's machine; a browser workbench (code-server, Codespaces, vscode.dev with a remote)
 * has no local Node extension host and runs it on the workspace side, the server. Only that case is
 * `workspace`: a remote window (`remoteName` set) whose extension host resolved to the workspace kind.
 */
export function extensionVantage(o: {
  remoteName: string | undefined;
  runsOnWorkspaceSide: boolean;
  hostname: string;
}): Vantage {
  const remote = o.remoteName !== undefined && o.remoteName !== '' ? { remoteName: o.remoteName } : {};
  return {
    side: o.runsOnWorkspaceSide && remote.remoteName !== undefined ? 'workspace' : 'local',
    host: o.hostname,
    ...remote,
  };
}
