import * as vscode from 'vscode';
import type { ModelNode } from './treeItemData';

const COLLAPSIBLE = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
} as const;

/** The one place plain node data becomes a `vscode.TreeItem`. Tooltips are untrusted Markdown (no commands, no HTML). */
export function toTreeItem(node: ModelNode): vscode.TreeItem {
  const d = node.data;
  const item = new vscode.TreeItem(d.label, COLLAPSIBLE[d.collapsible]);
  item.id = d.id;
  item.contextValue = d.contextValue;
  if (d.description !== undefined) item.description = d.description;
  if (d.tooltip !== undefined) {
    const md = new vscode.MarkdownString(d.tooltip);
    md.isTrusted = false;
    md.supportHtml = false;
    item.tooltip = md;
  }
  if (d.icon !== undefined)
    item.iconPath = new vscode.ThemeIcon(
      d.icon.id,
      d.icon.color === undefined ? undefined : new vscode.ThemeColor(d.icon.color),
    );
  if (d.command !== undefined)
    item.command = { command: d.command.command, title: d.command.title, arguments: d.command.args };
  return item;
}
