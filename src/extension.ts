import * as vscode from 'vscode';
import { createLog } from './host/log';
import { HostsTreeProvider } from './host/tree/hostsTreeProvider';
import { registerCommands } from './host/commands/registerCommands';
import { analyzeFile } from './host/commands/analyzeFile';

/** Builds the services, registers views and commands, and hands every disposable to VS Code. */
export function activate(context: vscode.ExtensionContext): void {
  const log = createLog();
  const hosts = new HostsTreeProvider();
  context.subscriptions.push(
    log,
    hosts,
    vscode.window.registerTreeDataProvider('vpsDoctor.hosts', hosts),
    ...registerCommands(
      {
        'vpsDoctor.beancounters.analyzeFile': (uri) => analyzeFile(log, uri as vscode.Uri | undefined),
        'vpsDoctor.hosts.refresh': () => hosts.refresh(),
        'vpsDoctor.hosts.openSettings': () =>
          vscode.commands.executeCommand('workbench.action.openSettings', 'vpsDoctor.hosts'),
        'vpsDoctor.log.show': () => log.show(),
      },
      log,
    ),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
