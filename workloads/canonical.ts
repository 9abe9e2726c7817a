/**
 * The canonical workload file: JSON Lines, which every command reads and
 * `trace convert` / `workload generate` write.
 *
 *   line 1:  {"format":"clusterlab-workload","version":1,"source":{...},"cluster":{...}|null,
 *             "dropped":{...},"repaired":{...},"header":{...},"records":{...},"namespaces":{...}}
 *            (records and namespaces only when the workload has them)
 *   then:    for a large cluster (over 256 KiB of JSON), {"node":{...}} per node,
 *            the header's cluster holding its resource order and `nodes: []`,
 *            so no line grows past the reader's line limit (small clusters
 *            stay inline in the header, as before),
 *            {"machineEvent":{...}} per machine event (workloads/workload.ts),
 *   then:    one job per line, as workloads/job.ts JobSchema (Infinity written as null)
 *
 * Each job line is validated with the zod schema; a bad line is an InputError
 * naming the file, the line and the field path. Pure: no Node dependency.
 */
import { z } from 'zod';
import { InputError } from '../sim/errors.ts';
import { JobSchema, type Job } from './job.ts';
import type { Workload } from './workload.ts';

export const CANONICAL_FORMAT = 'clusterlab-workload';
export const CANONICAL_VERSION = 1;

const HeaderSchema = z.object({
  format: z.literal(CANONICAL_FORMAT),
  version: z.literal(CANONICAL_VERSION),
  source: z.object({ format: z.string(), file: z.string() }),
  cluster: z.unknown().nullable().default(null),
  dropped: z.record(z.string(), z.number()).default({}),
  repaired: z.record(z.string(), z.number()).default({}),
  header: z.record(z.string(), z.string()).default({}),
  records: z.record(z.string(), z.number()).optional(),
  namespaces: z.record(z.string(), z.record(z.string(), z.string())).optional(),
});

const NodeLineSchema = z.object({
  id: z.string().min(1),
  capacity: z.record(z.string(), z.number().finite().nonnegative()),
  labels: z.record(z.string(), z.string()).optional(),
  taints: z.array(z.object({ key: z.string(), value: z.string().optional(), effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']) })).optional(),
  unschedulable: z.boolean().optional(),
});

const MachineEventSchema = z.object({
  time: z.number().finite(),
  node: z.string().min(1),
  type: z.enum(['add', 'remove', 'update']),
  capacity: z.record(z.string(), z.number().finite().nonnegative()).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  unschedulable: z.boolean().optional(),
});

/** JSON with Infinity as null (JSON has no Infinity; the schema reads null back as Infinity). */
function stringify(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v === Infinity ? null : v));
}

/** The lines of a canonical file for `workload`, each ending with a newline. */
/** Clusters larger than this (JSON characters) are written one node per line. */
const INLINE_CLUSTER_LIMIT = 256 * 1024;

export function* formatCanonical(workload: Workload): Generator<string> {
  const cluster = workload.cluster;
  const inline = cluster === null || stringify(cluster).length <= INLINE_CLUSTER_LIMIT;
  const head: Record<string, unknown> = {
    format: CANONICAL_FORMAT,
    version: CANONICAL_VERSION,
    source: workload.source,
    cluster: inline ? cluster : cluster.resources ? { resources: cluster.resources, nodes: [] } : { nodes: [] },
    dropped: workload.dropped,
    repaired: workload.repaired,
    header: workload.header,
  };
  if (workload.records) head.records = workload.records;
  if (workload.namespaces) head.namespaces = workload.namespaces;
  yield `${stringify(head)}\n`;
  if (cluster && !inline) for (const node of cluster.nodes) yield `${stringify({ node })}\n`;
  for (const machineEvent of workload.machineEvents ?? []) yield `${stringify({ machineEvent })}\n`;
  for (const job of workload.jobs) yield `${stringify(job)}\n`;
}

/** Validates a node or machine-event line; errors name the file, line and field path. */
function parseExtraLine<T>(schema: z.ZodType<T>, value: unknown, file: string, line: number, prefix: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(issue.message, { file, line, field: [prefix, ...issue.path].join('.') });
  }
  return parsed.data;
}

/** Parses one job line; `file` and `line` go into the error. */
export function parseCanonicalLine(text: string, file: string, line: number): Job {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(`not valid JSON: ${(err as Error).message}`, { file, line, value: text });
  }
  const parsed = JobSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.');
    let bad: unknown = value;
    for (const key of issue.path) bad = (bad as Record<string | number, unknown> | undefined)?.[key as string];
    throw new InputError(issue.message, { file, line, field: path || '(job)', value: bad === undefined ? 'missing' : JSON.stringify(bad) });
  }
  return parsed.data;
}

export class CanonicalParser {
  private readonly jobs: Job[] = [];
  private head: z.infer<typeof HeaderSchema> | null = null;
  private readonly nodes: NonNullable<Workload['cluster']>['nodes'][number][] = [];
  private readonly machineEvents: NonNullable<Workload['machineEvents']> = [];

  constructor(private readonly file: string) {}

  line(text: string, lineNo: number): void {
    if (text.trim() === '') return;
    if (this.head === null) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw new InputError(`not valid JSON: ${(err as Error).message}`, { file: this.file, line: lineNo, value: text });
      }
      const parsed = HeaderSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new InputError(`not a canonical workload header: ${issue.message}`, { file: this.file, line: lineNo, field: issue.path.join('.') || '(header)' });
      }
      this.head = parsed.data;
      return;
    }
    // Node and machine-event lines come before the jobs; a job line always has an id.
    if (this.jobs.length === 0 && (text.startsWith('{"node":') || text.startsWith('{"machineEvent":'))) {
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(text) as Record<string, unknown>;
      } catch (err) {
        throw new InputError(`not valid JSON: ${(err as Error).message}`, { file: this.file, line: lineNo, value: text });
      }
      if ('node' in value) {
        if (this.head.cluster === null) throw new InputError('a node line but the header has no cluster', { file: this.file, line: lineNo, field: 'node' });
        this.nodes.push(parseExtraLine(NodeLineSchema, value.node, this.file, lineNo, 'node'));
      } else this.machineEvents.push(parseExtraLine(MachineEventSchema, value.machineEvent, this.file, lineNo, 'machineEvent'));
      return;
    }
    this.jobs.push(parseCanonicalLine(text, this.file, lineNo));
  }

  finish(): Workload {
    if (this.head === null) throw new InputError('empty canonical workload: no header line', { file: this.file });
    let cluster = (this.head.cluster as Workload['cluster']) ?? null;
    if (cluster && this.nodes.length > 0) cluster = { ...cluster, nodes: [...(cluster.nodes ?? []), ...this.nodes] };
    const workload: Workload = {
      jobs: this.jobs,
      source: this.head.source,
      cluster,
      dropped: this.head.dropped,
      repaired: this.head.repaired,
      header: this.head.header,
    };
    if (this.head.records) workload.records = this.head.records;
    if (this.head.namespaces) workload.namespaces = this.head.namespaces;
    if (this.machineEvents.length > 0) workload.machineEvents = this.machineEvents;
    return workload;
  }
}

/** Parses a whole canonical file held in memory (tests, the browser). */
/** Does the header line (the first of `head`) carry a cluster? It writes `"cluster": null` when the workload had none. */
export function canonicalHasMachines(head: string): boolean {
  const first = head.split('\n')[0]!;
  return !/"cluster"\s*:\s*null\b/.test(first);
}

export function parseCanonical(text: string, file = '<canonical>'): Workload {
  const parser = new CanonicalParser(file);
  text.split('\n').forEach((line, i) => parser.line(line.replace(/\r$/, ''), i + 1));
  return parser.finish();
}
