/**
 * The canonical workload file: JSON Lines, which every command reads and
 * `trace convert` / `workload generate` write.
 *
 *   line 1:  {"format":"clusterlab-workload","version":1,"source":{...},"cluster":{...}|null,
 *             "dropped":{...},"repaired":{...},"header":{...}}
 *   line 2+: one job per line, as workloads/job.ts JobSchema (Infinity written as null)
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
});

/** JSON with Infinity as null (JSON has no Infinity; the schema reads null back as Infinity). */
function stringify(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v === Infinity ? null : v));
}

/** The lines of a canonical file for `workload`, each ending with a newline. */
export function* formatCanonical(workload: Workload): Generator<string> {
  yield `${stringify({
    format: CANONICAL_FORMAT,
    version: CANONICAL_VERSION,
    source: workload.source,
    cluster: workload.cluster,
    dropped: workload.dropped,
    repaired: workload.repaired,
    header: workload.header,
  })}\n`;
  for (const job of workload.jobs) yield `${stringify(job)}\n`;
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
    this.jobs.push(parseCanonicalLine(text, this.file, lineNo));
  }

  finish(): Workload {
    if (this.head === null) throw new InputError('empty canonical workload: no header line', { file: this.file });
    return {
      jobs: this.jobs,
      source: this.head.source,
      cluster: (this.head.cluster as Workload['cluster']) ?? null,
      dropped: this.head.dropped,
      repaired: this.head.repaired,
      header: this.head.header,
    };
  }
}

/** Parses a whole canonical file held in memory (tests, the browser). */
export function parseCanonical(text: string, file = '<canonical>'): Workload {
  const parser = new CanonicalParser(file);
  text.split('\n').forEach((line, i) => parser.line(line.replace(/\r$/, ''), i + 1));
  return parser.finish();
}
