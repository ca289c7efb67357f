import type * as vscode from 'vscode';
import type { FailcntAlerts } from '../alerts/failcntAlerts';
import type { HostRegistry } from '../sessions/hostRegistry';
import type { HostStatusBar } from '../status/statusBar';
import type { HostsTreeProvider } from '../tree/hostsTreeProvider';

/** What the host commands work with; built once in `activate`. */
export interface HostServices {
  registry: HostRegistry;
  tree: HostsTreeProvider;
  status: HostStatusBar;
  alerts: FailcntAlerts;
  log: vscode.LogOutputChannel;
}
