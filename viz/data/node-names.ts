/**
 * From the node names events carry to the node indexes jobs.csv uses (0-based,
 * in the cluster's node order), so the node timeline can shade a failed node's
 * row. Results hold no node list, so the order is rebuilt from what they say:
 *
 * - names like `12` or `n12` (SWF processor clusters) are their index;
 * - a scenario's nodes are its groups' nodes in order (`<group>-0`, `<group>-1`…),
 *   then each node the autoscaler added (`node-added` events, in order); the
 *   summary's `cluster.nodes` counts them all, so the initial nodes are that
 *   count minus the added ones;
 * - with one node group, `<group>-<k>` is index k. With several groups the
 *   sizes of the others are not in the results: such names stay unplaced (-1)
 *   rather than shade the wrong row.
 */
export interface NamedEvent {
  type: string;
  node: string | null;
}

const NUMBERED = /^n?(\d+)$/;
const GROUPED = /^(.*)-(\d+)$/;

export function nodeIndexer(events: readonly NamedEvent[], clusterNodes: number | null): (name: string | null) => number {
  const added = new Map<string, number>();
  for (const e of events) if (e.type === 'node-added' && e.node !== null && !added.has(e.node)) added.set(e.node, added.size);
  const initial = clusterNodes === null ? null : clusterNodes - added.size;
  const prefixes = new Set<string>();
  for (const e of events) {
    if (e.node === null || added.has(e.node) || NUMBERED.test(e.node)) continue;
    const m = GROUPED.exec(e.node);
    prefixes.add(m ? m[1]! : e.node);
  }
  const onePrefix = prefixes.size === 1 ? [...prefixes][0]! : null;
  return (name) => {
    if (name === null || name === '') return -1;
    const a = added.get(name);
    if (a !== undefined) return initial === null ? -1 : initial + a;
    const n = NUMBERED.exec(name);
    if (n) return Number(n[1]);
    const g = GROUPED.exec(name);
    if (!g || g[1] !== onePrefix) return -1;
    const k = Number(g[2]);
    return initial === null || k < initial ? k : -1;
  };
}
