/**
 * The transform flags of `simulate`, turned into a transform list (the same
 * data an experiment config holds; workloads/transforms/index.ts). Flags are
 * applied in this fixed order, whatever their order on the command line:
 *
 *   --transforms FILE   (a JSON or YAML list, first, in its own order)
 *   --filter            user=a,b | queue!=debug | status=completed ...   (repeatable; all must hold)
 *   --window-start S / --window-end S   submit time window [S, E)
 *   --jobs A:B          jobs A..B-1 in submit order (0-based; A or B may be empty)
 *   --sample P          keep each job with probability P
 *   --scale-resources   R=x[,R=x...]; tasks=x scales task counts
 *   --load L            target offered load
 *   --fill M            fill mode: GPU requests = M × the cluster's GPU capacity
 *
 * Bad values are UsageErrors naming the flag and the value (exit code 2).
 */
import { readFileSync } from 'node:fs';
import { fsReason } from '../../sim/fs-errors.ts';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { InputError, UsageError } from '../../sim/errors.ts';
import { FILTER_FIELDS } from '../../workloads/transforms/filter.ts';
import { TransformListSchema, TransformSchema, type TransformSpec } from '../../workloads/transforms/index.ts';

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function number(flag: string, value: string, check: (x: number) => boolean, what: string): number {
  const x = Number(value);
  if (!NUMBER.test(value) || !Number.isFinite(x) || !check(x)) throw new UsageError(`${flag} must be ${what}, got ${JSON.stringify(value)}`);
  return x;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function addTransformOptions(cmd: Command): Command {
  return cmd
    .option('--transforms <file>', 'JSON or YAML list of workload transforms, applied first')
    .option('--filter <field=values>', `keep jobs whose field (${FILTER_FIELDS.join(', ')}) is one of the comma-separated values; field!=values drops them (repeatable)`, collect)
    .option('--window-start <seconds>', 'keep jobs submitted at or after this time')
    .option('--window-end <seconds>', 'keep jobs submitted before this time')
    .option('--jobs <A:B>', 'keep jobs A to B-1 in submit order (0-based)')
    .option('--sample <fraction>', 'keep each job with this probability (seeded)')
    .option('--scale-resources <R=x,...>', 'multiply each task request of resource R by x; tasks=x scales task counts')
    .option('--load <load>', 'scale inter-arrival times to this offered load (dominant resource)')
    .option('--fill <multiple>', 'fill mode: copy or drop pods until requested GPUs = multiple x GPU capacity; no departures (seeded)');
}

export interface TransformFlags {
  transforms?: string;
  filter?: string[];
  windowStart?: string;
  windowEnd?: string;
  jobs?: string;
  sample?: string;
  scaleResources?: string;
  load?: string;
  fill?: string;
}

/** Reads a transform list file (JSON or YAML); errors name the file, the field path and the value. */
export function readTransformFile(path: string): TransformSpec[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read the transform list: ${fsReason(err)}`, { file: path });
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw new InputError(`not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`, { file: path });
  }
  const parsed = TransformListSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  let bad: unknown = value;
  for (const key of issue.path) bad = (bad as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey];
  throw new InputError(issue.message, { file: path, field: issue.path.map(String).join('.') || '(list)', value: bad === undefined ? 'missing' : JSON.stringify(bad) });
}

function validated(flag: string, spec: unknown): TransformSpec {
  const parsed = TransformSchema.safeParse(spec);
  if (!parsed.success) throw new UsageError(`${flag}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

export function transformsFromFlags(opts: TransformFlags): TransformSpec[] {
  const list: TransformSpec[] = opts.transforms ? readTransformFile(opts.transforms) : [];
  for (const f of opts.filter ?? []) {
    const m = /^([a-z]+)(!?=)(.+)$/.exec(f);
    if (!m || !(FILTER_FIELDS as readonly string[]).includes(m[1]!)) {
      throw new UsageError(`--filter must be FIELD=v1,v2 or FIELD!=v1,v2 with FIELD one of ${FILTER_FIELDS.join(', ')}, got ${JSON.stringify(f)}`);
    }
    list.push(validated('--filter', { type: 'filter', field: m[1], values: m[3]!.split(','), exclude: m[2] === '!=' }));
  }
  if (opts.windowStart !== undefined || opts.windowEnd !== undefined) {
    const start = opts.windowStart === undefined ? undefined : number('--window-start', opts.windowStart, () => true, 'a number of seconds');
    const end = opts.windowEnd === undefined ? undefined : number('--window-end', opts.windowEnd, () => true, 'a number of seconds');
    list.push(validated('--window-end', { type: 'window', start, end }));
  }
  if (opts.jobs !== undefined) {
    const m = /^(\d*):(\d*)$/.exec(opts.jobs);
    if (!m || (m[1] === '' && m[2] === '')) throw new UsageError(`--jobs must be A:B, A: or :B with non-negative integers, got ${JSON.stringify(opts.jobs)}`);
    const from = m[1] === '' ? 0 : Number(m[1]);
    const to = m[2] === '' ? undefined : Number(m[2]);
    if (to !== undefined && to <= from) throw new UsageError(`--jobs: B must be larger than A, got ${JSON.stringify(opts.jobs)}`);
    list.push({ type: 'jobs', from, to });
  }
  if (opts.sample !== undefined) {
    list.push({ type: 'sample', fraction: number('--sample', opts.sample, (x) => x > 0 && x <= 1, 'a fraction in (0, 1]') });
  }
  if (opts.scaleResources !== undefined) {
    const request: Record<string, number> = {};
    let tasks: number | undefined;
    for (const part of opts.scaleResources.split(',')) {
      const m = /^([^=\s]+)=(.+)$/.exec(part);
      if (!m) throw new UsageError(`--scale-resources must be R=x[,R=x...], got ${JSON.stringify(opts.scaleResources)}`);
      const x = number('--scale-resources', m[2]!, (v) => v > 0, `R=x with x a positive number (${m[1]})`);
      if (m[1] === 'tasks') tasks = x;
      else request[m[1]!] = x;
    }
    list.push({ type: 'scale-resources', request, tasks });
  }
  if (opts.load !== undefined) list.push({ type: 'load', target: number('--load', opts.load, (x) => x > 0, 'a positive number') });
  if (opts.fill !== undefined) list.push({ type: 'fill', multiple: number('--fill', opts.fill, (x) => x > 0, 'a positive number'), step: 1 });
  return list;
}
