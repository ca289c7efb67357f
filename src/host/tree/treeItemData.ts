/**
 * A tree node as plain data: what `hostsTreeProvider` turns into a `vscode.TreeItem`. Kept free of
 * `vscode` so the mapping from a sample to nodes is unit-tested in plain Node.
 */

/** A codicon id with an optional theme colour id, e.g. `{ id: 'error', color: 'errorForeground' }`. */
export interface IconRef {
  id: string;
  color?: string;
}

export type Collapsible = 'none' | 'collapsed' | 'expanded';

/** A command run when the node is clicked; `args` are plain data. */
export interface NodeCommand {
  command: string;
  title: string;
  args: unknown[];
}

export interface TreeItemData {
  /** Stable across refreshes, so VS Code keeps selection and expansion (no flicker). */
  id: string;
  label: string;
  description?: string;
  /** Markdown; every piece of server text in it is escaped. */
  tooltip?: string;
  icon?: IconRef;
  /**
   * `<kind>.<state>[.<qualifier>]`, matched by regex in package.json `when` clauses:
   * `host.connected.settings`, `resource.failing`, `beancounters.needsRoot`...
   */
  contextValue: string;
  collapsible: Collapsible;
  command?: NodeCommand;
}

/** A node and its children, built in one pass from a host's session. */
export interface ModelNode {
  data: TreeItemData;
  children: ModelNode[];
  /** The host this node belongs to; commands invoked on any node find the host with it. */
  hostId: string;
  /** Present on resource nodes, for "Explain" and the notification. */
  resource?: { containerId: string; name: string };
  /** Present on the root-needed node: the line to copy into sudoers. */
  sudoersLine?: string;
}

/** A leaf node. */
export function leaf(hostId: string, data: Omit<TreeItemData, 'collapsible'>): ModelNode {
  return { data: { ...data, collapsible: 'none' }, children: [], hostId };
}
