import * as vscode from 'vscode';
import { displayLocalizer } from '../l10n';
import type { HostRegistry } from '../sessions/hostRegistry';
import { statusView } from './statusModel';

/**
 * One status bar item for the selected host (the last one selected or used in the tree): its worst
 * severity and a short text such as `tcpsndbuf +1.2k/min`. Clicking it shows the Hosts view.
 */
export class HostStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('vpsDoctor.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: { dispose(): void };
  private hostId: string | undefined;

  constructor(private readonly registry: HostRegistry) {
    this.item.name = vscode.l10n.t('VPS Doctor');
    this.item.command = 'vpsDoctor.hosts.focus';
    this.subscription = registry.onDidChangeHost((id) => {
      // The first host that gets used is selected until the user picks another.
      this.hostId ??= id;
      if (id === this.hostId) this.render();
    });
  }

  /** Shows the given host from now on. */
  select(hostId: string): void {
    this.hostId = hostId;
    this.render();
  }

  private render(): void {
    const id = this.hostId;
    const target = id === undefined ? undefined : this.registry.target(id);
    const session = id === undefined ? undefined : this.registry.session(id);
    const view =
      target === undefined
        ? undefined
        : statusView(target.label, session?.state, session?.latest, vscode.l10n.t, displayLocalizer());
    if (view === undefined) {
      this.item.hide();
      return;
    }
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor =
      view.severity === 'critical'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : view.severity === 'warn'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
