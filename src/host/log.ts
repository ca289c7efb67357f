import * as vscode from 'vscode';

/** The extension's one log: every remote command, its duration and exit; never secrets. */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('VPS Doctor', { log: true });
}
