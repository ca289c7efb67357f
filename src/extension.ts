import { hostname } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import pkg from '../package.json';
import { FailcntAlerts } from './host/alerts/failcntAlerts';
import { addHost, removeHost } from './host/commands/addHost';
import { analyzeFile } from './host/commands/analyzeFile';
import { connectHost, loadHistory } from './host/commands/connectHost';
import { forgetHostKey } from './host/commands/forgetHostKey';
import {
  copySudoersLine,
  disconnectHost,
  explainResource,
  refreshAll,
  resetBaseline,
  sampleNow,
} from './host/commands/hostCommands';
import { guarded, registerCommands } from './host/commands/registerCommands';
import { exportReportCommand, openReport } from './host/commands/reportCommands';
import { startDemo, stopDemo } from './host/demo/demoCommands';
import { DemoController } from './host/demo/demoController';
import { createLog } from './host/log';
import { RememberedPassphrases } from './host/prompts/rememberedPassphrases';
import { registerReportViews } from './host/panels/registerReportViews';
import { runBurstProbe } from './host/probes/burstCommand';
import { probeHost } from './host/probes/probeHost';
import { runDiagnosis } from './host/probes/diagnoseCommand';
import { runPingProbe } from './host/probes/pingCommand';
import type { ProbeServices } from './host/probes/probeServices';
import { extensionVantage } from './host/probes/vantage';
import { runSweepProbe } from './host/probes/sweepCommand';
import { HostRegistry } from './host/sessions/hostRegistry';
import { createSessionFactory } from './host/sessions/sessionFactory';
import { loadTargets } from './host/sessions/loadTargets';
import { HostStatusBar } from './host/status/statusBar';
import { HostsTreeProvider } from './host/tree/hostsTreeProvider';
import { manageWatches, startWatching, stopWatching } from './host/watch/watchCommands';
import { WatchService } from './host/watch/watchService';

/** The demo host of this activation, stopped in `deactivate` (its servers and child process must not outlive us). */
let demo: DemoController | undefined;

/**
 * Builds the services, registers the views and the commands, and hands every disposable to VS Code.
 * Nothing connects, parses or loads ssh2 here: the host list is read when the view is first shown, the
 * session module when a host is first used, the probes when one runs and the demo host when it is started.
 */
export function activate(context: vscode.ExtensionContext): void {
  const log = createLog();
  const demoHost = new DemoController(join(context.globalStorageUri.fsPath, 'demo'), (m) => log.info(m));
  demo = demoHost;
  const remembered = new RememberedPassphrases(context.secrets, context.globalState, () =>
    vscode.workspace.getConfiguration('vpsDoctor').get<boolean>('ssh.rememberPassphrases', false),
  );
  const registry = new HostRegistry(
    createSessionFactory(log, context.globalStorageUri.fsPath, (t) => demoHost.route(t), remembered),
  );
  const tree = new HostsTreeProvider(registry, () => loadTargets(registry, log, () => demoHost.targets()));
  const view = vscode.window.createTreeView('vpsDoctor.hosts', { treeDataProvider: tree, showCollapseAll: true });
  const status = new HostStatusBar(registry);
  const alerts = new FailcntAlerts(registry, log);
  const views = registerReportViews(context, {
    log,
    rerun: (hostId) => vscode.commands.executeCommand('vpsDoctor.probes.diagnose', hostId),
    sweep: (hostId) => guarded('sweep', log, () => runSweepProbe(s, hostId)),
  });
  const s: ProbeServices = {
    registry,
    tree,
    status,
    alerts,
    log,
    views,
    demo: demoHost,
    state: context.globalState,
    extensionUri: context.extensionUri,
    busy: new Set(),
    tool: { name: pkg.name, version: pkg.version },
    vantage: extensionVantage({
      remoteName: vscode.env.remoteName,
      runsOnWorkspaceSide: context.extension.extensionKind === vscode.ExtensionKind.Workspace,
      hostname: hostname(),
    }),
  };
  const watches = new WatchService(s, context.globalStorageUri.fsPath);
  const onSample = registry.onDidSample(({ hostId }) => {
    const label = registry.target(hostId)?.label ?? hostId;
    loadHistory(s, hostId, label).catch((e: unknown) =>
      log.warn(`${label}: history not read: ${e instanceof Error ? e.message : String(e)}`),
    );
  });

  context.subscriptions.push(
    log,
    registry,
    tree,
    view,
    status,
    alerts,
    { dispose: () => onSample.dispose() },
    watches,
    // No polling while nobody looks: sessions slow down or pause while the view is hidden.
    view.onDidChangeVisibility((e) => registry.setVisible(e.visible)),
    view.onDidChangeSelection((e) => {
      const node = e.selection[0];
      if (node !== undefined) status.select(node.hostId);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('vpsDoctor.hosts') || e.affectsConfiguration('vpsDoctor.ssh.configFile'))
        void tree.reload();
    }),
    ...registerCommands(
      {
        'vpsDoctor.beancounters.analyzeFile': (uri) => analyzeFile(log, uri as vscode.Uri | undefined),
        'vpsDoctor.beancounters.copySudoersLine': (arg) => copySudoersLine(s, arg),
        'vpsDoctor.beancounters.explain': (arg) => explainResource(s, arg),
        'vpsDoctor.beancounters.resetBaseline': (arg) => resetBaseline(s, arg),
        'vpsDoctor.demo.start': () => startDemo(s),
        'vpsDoctor.demo.stop': () => stopDemo(s),
        'vpsDoctor.hosts.add': () => addHost(s),
        'vpsDoctor.hosts.connect': (arg) => connectHost(s, arg),
        'vpsDoctor.hosts.disconnect': (arg) => disconnectHost(s, arg),
        'vpsDoctor.hosts.openSettings': () =>
          vscode.commands.executeCommand('workbench.action.openSettings', 'vpsDoctor'),
        'vpsDoctor.hosts.refresh': () => refreshAll(s),
        'vpsDoctor.hosts.remove': (arg) => removeHost(s, arg),
        'vpsDoctor.hosts.sampleNow': (arg) => sampleNow(s, arg),
        'vpsDoctor.log.show': () => log.show(),
        'vpsDoctor.ssh.forgetPassphrases': async () => {
          const n = await remembered.forgetAll();
          void vscode.window.showInformationMessage(
            vscode.l10n.t('VPS Doctor: forgot {0} remembered passphrase(s).', n),
          );
        },
        'vpsDoctor.probes.burst': (arg) => runBurstProbe(s, arg),
        'vpsDoctor.probes.diagnose': (arg) => runDiagnosis(s, arg),
        'vpsDoctor.probes.ping': (arg) => runPingProbe(s, arg),
        'vpsDoctor.report.export': (arg) => exportReportCommand(s, arg),
        'vpsDoctor.report.open': (arg) => openReport(s, arg),
        'vpsDoctor.report.openFile': () => views.openFile(),
        'vpsDoctor.hosts.forgetHostKey': (arg) => forgetHostKey(s, arg),
        'vpsDoctor.watch.start': (arg) => startWatching(s, watches, arg),
        'vpsDoctor.watch.stop': (arg) => stopWatching(watches, arg),
        'vpsDoctor.watch.manage': () => manageWatches(s, watches),
      },
      log,
    ),
  );
  registry.setVisible(view.visible);
  // The previous window's watches start again (they stop with the extension host: no daemon).
  void watches
    .restore((hostId) => probeHost(s, hostId, ''))
    .catch((e: unknown) => log.warn(`watches not restored: ${e instanceof Error ? e.message : String(e)}`));
}

/** Stops the demo host if it runs; everything else is disposed through context.subscriptions. */
export function deactivate(): Promise<void> | undefined {
  const running = demo;
  demo = undefined;
  return running?.stop();
}
