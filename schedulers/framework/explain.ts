/**
 * Explanations of scheduling attempts, kept bounded on large runs.
 *
 * Filter failures are aggregated per plugin and reason, as upstream's
 * FitError message ("0/5000 nodes are available: 3 Insufficient cpu, 2
 * node(s) had untolerated taint {a: b}."); per-node details are listed only for
 * scored nodes, the best `maxNodes` of them by total (the chosen node always
 * included), each with every plugin's raw score, normalized score, weight and
 * weighted score, and the total.
 */
export interface FilterTally {
  /** plugin → reason → number of nodes */
  readonly byPlugin: Map<string, Map<string, number>>;
  /** reason → number of nodes (for the upstream message) */
  readonly byReason: Map<string, number>;
}

export function newTally(): FilterTally {
  return { byPlugin: new Map(), byReason: new Map() };
}

export function tallyFailure(t: FilterTally, plugin: string, reasons: readonly string[] | undefined, nodes = 1): void {
  let m = t.byPlugin.get(plugin);
  if (!m) t.byPlugin.set(plugin, (m = new Map()));
  for (const reason of reasons && reasons.length ? reasons : ['(no reason given)']) {
    m.set(reason, (m.get(reason) ?? 0) + nodes);
    t.byReason.set(reason, (t.byReason.get(reason) ?? 0) + nodes);
  }
}

/**
 * Tallies node after node, counting runs of the same plugin and reasons before
 * touching the maps (a pass over every node mostly repeats one reason).
 */
export class TallyRun {
  private plugin = '';
  private reasons: readonly string[] | undefined = undefined;
  private count = 0;
  constructor(readonly tally: FilterTally) {}

  add(plugin: string, reasons: readonly string[] | undefined): void {
    if (this.count > 0 && plugin === this.plugin && sameReasons(reasons, this.reasons)) {
      this.count++;
      return;
    }
    this.flush();
    this.plugin = plugin;
    this.reasons = reasons;
    this.count = 1;
  }

  /** Writes the pending run into the tally; call before reading it. */
  flush(): FilterTally {
    if (this.count > 0) tallyFailure(this.tally, this.plugin, this.reasons, this.count);
    this.count = 0;
    return this.tally;
  }
}

function sameReasons(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Upstream FitError.Error(): "0/N nodes are available: <count> <reason>, ... ." with reasons sorted. */
export function fitErrorMessage(nodes: number, t: FilterTally, extra?: string): string {
  const parts = [...t.byReason.entries()].map(([reason, count]) => `${count} ${reason}`).sort();
  let msg = `0/${nodes} nodes are available`;
  if (parts.length) msg += `: ${parts.join(', ')}.`;
  else msg += '.';
  if (extra) msg += ` ${extra}`;
  return msg;
}

export function tallyToJson(t: FilterTally): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const plugin of [...t.byPlugin.keys()].sort()) {
    const m = t.byPlugin.get(plugin)!;
    out[plugin] = Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  return out;
}
