/**
 * Tree nodes are plain data in a tagged union with stable ids; `toTreeItem` maps them to VS Code items.
 * `contextValue` follows the grammar `<kind>.<state>` (e.g. `host.disconnected`) matched by regex in
 * `when` clauses.
 */
export type HostNode = {
  kind: 'host';
  /** Stable id: the host spec as the user wrote it. */
  id: string;
  label: string;
  state: 'disconnected';
  source: 'settings';
};

export type TreeNode = HostNode;

export function hostNodesFromSettings(specs: readonly string[]): HostNode[] {
  const seen = new Set<string>();
  const nodes: HostNode[] = [];
  for (const raw of specs) {
    const spec = raw.trim();
    if (spec === '' || seen.has(spec)) continue;
    seen.add(spec);
    nodes.push({ kind: 'host', id: `host:${spec}`, label: spec, state: 'disconnected', source: 'settings' });
  }
  return nodes;
}
