import * as vscode from 'vscode';

/**
 * Typed access to the extension's settings. Every connection and command setting is declared with
 * `"scope": "application"` in package.json, so only the user's own settings count: a cloned workspace
 * cannot change where VPS Doctor connects or what it runs.
 */
export interface Settings {
  /** Hosts added by hand, `user@host:port` (user and port optional). */
  hosts: string[];
  useSudo: boolean;
  timeoutSeconds: number;
  maxOutputBytes: number;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('vpsDoctor');
  return {
    hosts: c.get<string[]>('hosts.list', []).filter((h) => typeof h === 'string' && h.trim() !== ''),
    useSudo: c.get<boolean>('remote.useSudo', true),
    timeoutSeconds: c.get<number>('remote.timeoutSeconds', 20),
    maxOutputBytes: c.get<number>('remote.maxOutputBytes', 4 * 1024 * 1024),
  };
}
