import * as vscode from 'vscode';
import type { HistoryEntry } from '../sessions/sessionTypes';
import type { HostRegistry } from '../sessions/hostRegistry';
import { hostTreeModel } from './hostTreeModel';
import { toTreeItem } from './toTreeItem';
import { displayLocalizer, inDisplayLanguage, virtualizationIn } from '../l10n';
import type { ModelNode } from './treeItemData';

/**
 * The Hosts view. Host nodes are long-lived objects updated in place, and a change fires for the
 * one host that changed, so VS Code re-renders only that subtree and keeps selection and expansion
 * (node ids are stable). The host list itself is loaded on first display, not at activation.
 */
export class HostsTreeProvider implements vscode.TreeDataProvider<ModelNode>, vscode.Disposable {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<ModelNode | undefined>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private readonly nodes = new Map<string, ModelNode>();
  private readonly history = new Map<string, HistoryEntry[]>();
  private readonly watches = new Map<string, { lastVerdict?: string }>();
  private readonly disposables: vscode.Disposable[] = [this._onDidChangeTreeData];
  /** The host list's first load (on first display) or latest reload. */
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly registry: HostRegistry,
    /** Reloads the host list into the registry (settings + ssh config). */
    private readonly loadTargets: () => Promise<void>,
  ) {
    const sub = registry.onDidChangeHost((hostId) => this.refreshHost(hostId));
    this.disposables.push({ dispose: () => sub.dispose() });
  }

  /** Reloads the host list and re-renders everything. */
  async reload(): Promise<void> {
    this.loaded = this.loadTargets();
    await this.loaded;
    this._onDidChangeTreeData.fire(undefined);
  }

  /** Replaces the probe results shown for a host; re-renders only when they changed. */
  setHistory(hostId: string, entries: readonly HistoryEntry[]): void {
    const probes = entries.filter((e) => e.kind === 'probe');
    const had = this.history.get(hostId);
    if (had !== undefined && had.length === probes.length && had.at(-1)?.atMs === probes.at(-1)?.atMs) return;
    this.history.set(hostId, probes);
    this.refreshHost(hostId);
  }

  /** Marks a host as watched (with its last verdict) or, with undefined, as not watched. */
  setWatch(hostId: string, watch: { lastVerdict?: string } | undefined): void {
    if (watch === undefined) this.watches.delete(hostId);
    else this.watches.set(hostId, watch);
    this.refreshHost(hostId);
  }

  async getChildren(element?: ModelNode): Promise<ModelNode[]> {
    if (element !== undefined) return element.children;
    this.loaded ??= this.loadTargets();
    await this.loaded;
    const ids = new Set(this.registry.targets.map((t) => t.id));
    for (const id of [...this.nodes.keys()]) if (!ids.has(id)) this.nodes.delete(id);
    return this.registry.targets.map((t) => this.build(t.id) ?? this.nodes.get(t.id)!);
  }

  getTreeItem(node: ModelNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private refreshHost(hostId: string): void {
    const node = this.build(hostId);
    if (node !== undefined) this._onDidChangeTreeData.fire(node);
  }

  /** Rebuilds a host's model into its long-lived node object (created on first use). */
  private build(hostId: string): ModelNode | undefined {
    const target = this.registry.target(hostId);
    if (target === undefined) return undefined;
    const s = this.registry.session(hostId);
    const model = hostTreeModel(
      {
        target,
        state: s?.state,
        latest: s?.latest === undefined ? undefined : inDisplayLanguage(s.latest),
        virtualization: virtualizationIn(s?.virtualization, s?.facts),
        baseline: this.registry.baseline(hostId),
        history: this.history.get(hostId) ?? [],
        nowMs: Date.now(),
        ...(this.watches.has(hostId) ? { watch: this.watches.get(hostId)! } : {}),
      },
      vscode.l10n.t,
      displayLocalizer(),
    );
    const node = this.nodes.get(hostId);
    if (node === undefined) {
      this.nodes.set(hostId, model);
      return model;
    }
    node.data = model.data;
    node.children = model.children;
    return node;
  }
}
