/**
 * Is the machine of a study known before anything runs? A study without a
 * `cluster` simulates on the machine its trace describes; when the trace
 * describes none (an SWF log without MaxProcs, an openb pod list, an Alibaba
 * batch_task table...) every run would fail the same way, so `validate` and
 * `run` say so at once, in the words of the format at hand.
 *
 * The check reads only the head of each file (format detection, and the SWF
 * header, which must come before the first job): a large trace is not parsed
 * in the main thread just to learn this. Formats whose files may carry
 * machines (a Kubernetes snapshot, Google machine_events...) are accepted
 * here; a run on one that turns out to have none fails with the same message.
 */
import { formatSpec } from '../../traces/formats.ts';
import { detectFile, expandPaths, parseFormatOption, readHead } from '../../traces/node-read.ts';

/** What to write in the config when the trace describes no machine, for `format`. */
export function noMachineMessage(format: string, what = `this ${format} trace describes no machines`): string {
  if (format === 'swf') return 'the SWF log gives no machine size (no MaxProcs or MaxNodes header); set `cluster: { procs: N }` in the config (or `nodes` with `capacity`, or `file`)';
  const example = format === 'openb' ? ' such as openb_node_list_gpu_node.csv' : '';
  return `${what}; set \`cluster: { file: FILE }\` in the config (a cluster description or a node list${example}), or \`cluster: { nodes: N, capacity: {...} }\``;
}

/**
 * A message when the trace at `path` (read with `format`) is known to describe
 * no machine, else null.
 */
export async function machineProblem(path: string, format: string | undefined): Promise<string | null> {
  const forced = format && format !== 'auto' ? parseFormatOption(format) : null;
  const files = await expandPaths([path]);
  let formatSeen: string | null = null;
  const tables: string[] = [];
  for (const f of files) {
    const found = forced?.table ? { format: forced.format, table: forced.table } : await detectFile(f.path);
    if (!found) continue; // unknown files: the reader reports them
    formatSeen ??= found.format;
    tables.push(found.table);
    // Each format says which of its tables describe machines (traces/formats.ts).
    const spec = formatSpec(found.format);
    if (spec?.headHasMachines) {
      if (spec.headHasMachines(await readHead(f.path)) !== false) return null;
      continue;
    }
    if (spec?.machineTables?.includes(found.table)) return null;
  }
  if (formatSeen === null) return null;
  return noMachineMessage(formatSeen, `this ${formatSeen} trace (${[...new Set(tables)].join(', ')}) describes no machines`);
}
