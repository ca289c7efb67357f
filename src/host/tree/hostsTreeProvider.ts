import * as vscode from 'vscode';
import { hostNodesFromSettings, type TreeNode } from './hostNodes';
import { readSettings } from '../settings';

/** The Hosts view. Reads hosts from settings; refreshes when they change. */
export class HostsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private readonly disposables: vscode.Disposable[] = [this._onDidChangeTreeData];

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('vpsDoctor.hosts')) this.refresh();
      }),
    );
  }

  refresh(): void {
    this._onDidChangeTreeData.fire(undefined);
  }

  getChildren(element?: TreeNode): TreeNode[] {
    if (element) return [];
    return hostNodesFromSettings(readSettings().hosts);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.contextValue = `host.${node.state}`;
    item.iconPath = new vscode.ThemeIcon('server');
    item.description = vscode.l10n.t('not connected');
    item.tooltip = vscode.l10n.t('{0} (from settings)', node.label);
    return item;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
