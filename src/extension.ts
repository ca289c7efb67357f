import * as vscode from 'vscode';
import { FailcntAlerts } from './host/alerts/failcntAlerts';
import { addHost, removeHost } from './host/commands/addHost';
import { analyzeFile } from './host/commands/analyzeFile';
import { connectHost, loadHistory } from './host/commands/connectHost';
import { copySudoersLine, disconnectHost, explainResource, refreshAll, resetBaseline, sampleNow } from './host/commands/hostCommands';
import type { HostServices } from './host/commands/hostServices';
import { registerCommands } from './host/commands/registerCommands';
import { createLog } from './host/log';
import { HostRegistry } from './host/sessions/hostRegistry';
import { createSessionFactory } from './host/sessions/sessionFactory';
import { loadTargets } from './host/sessions/loadTargets';
import { HostStatusBar } from './host/status/statusBar';
import { HostsTreeProvider } from './host/tree/hostsTreeProvider';

/**
 * Builds the services, registers the view and the commands, and hands every disposable to VS Code.
 * Nothing connects, parses or loads ssh2 here: the host list is read when the view is first shown,
 * and the session module when a host is first used.
 */
export function activate(context: vscode.ExtensionContext): void {
  const log = createLog();
  const registry = new HostRegistry(createSessionFactory(log, context.globalStorageUri.fsPath));
  const tree = new HostsTreeProvider(registry, () => loadTargets(registry, log));
  const view = vscode.window.createTreeView('vpsDoctor.hosts', { treeDataProvider: tree, showCollapseAll: true });
  const status = new HostStatusBar(registry);
  const alerts = new FailcntAlerts(registry, log);
  const s: HostServices = { registry, tree, status, alerts, log };
  const onSample = registry.onDidSample(({ hostId }) => {
    const label = registry.target(hostId)?.label ?? hostId;
    loadHistory(s, hostId, label).catch((e: unknown) => log.warn(`${label}: history not read: ${e instanceof Error ? e.message : String(e)}`));
  });

  context.subscriptions.push(
    log,
    registry,
    tree,
    view,
    status,
    alerts,
    { dispose: () => onSample.dispose() },
    // No polling while nobody looks: sessions slow down or pause while the view is hidden.
    view.onDidChangeVisibility((e) => registry.setVisible(e.visible)),
    view.onDidChangeSelection((e) => {
      const node = e.selection[0];
      if (node !== undefined) status.select(node.hostId);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('vpsDoctor.hosts') || e.affectsConfiguration('vpsDoctor.ssh.configFile')) void tree.reload();
    }),
    ...registerCommands(
      {
        'vpsDoctor.beancounters.analyzeFile': (uri) => analyzeFile(log, uri as vscode.Uri | undefined),
        'vpsDoctor.beancounters.copySudoersLine': (arg) => copySudoersLine(s, arg),
        'vpsDoctor.beancounters.explain': (arg) => explainResource(s, arg),
        'vpsDoctor.beancounters.resetBaseline': (arg) => resetBaseline(s, arg),
        'vpsDoctor.hosts.add': () => addHost(s),
        'vpsDoctor.hosts.connect': (arg) => connectHost(s, arg),
        'vpsDoctor.hosts.disconnect': (arg) => disconnectHost(s, arg),
        'vpsDoctor.hosts.openSettings': () => vscode.commands.executeCommand('workbench.action.openSettings', 'vpsDoctor'),
        'vpsDoctor.hosts.refresh': () => refreshAll(s),
        'vpsDoctor.hosts.remove': (arg) => removeHost(s, arg),
        'vpsDoctor.hosts.sampleNow': (arg) => sampleNow(s, arg),
        'vpsDoctor.log.show': () => log.show(),
      },
      log,
    ),
  );
  registry.setVisible(view.visible);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
