/**
 * The recipes of docs/extending.md work as written: each example is written
 * into a copy of the tree (under test/output/, so the packages resolve),
 * registered as its recipe says, and run through the conformance suite or a
 * check of what it must do.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const COPY = join(REPO, 'test', 'output', `recipes-${process.pid}`);

interface Recipe {
  kind: string;
  path: string;
  code: string;
}

/** The examples of docs/extending.md: `<!-- recipe: KIND PATH -->` then a fenced block. */
export function recipes(markdown: string): Recipe[] {
  const out: Recipe[] = [];
  for (const m of markdown.matchAll(/<!-- recipe: (\S+) (\S+) -->\n```ts\n([\s\S]*?)\n```/g)) out.push({ kind: m[1]!, path: m[2]!, code: `${m[3]!}\n` });
  return out;
}

const all = recipes(readFileSync(join(REPO, 'docs', 'extending.md'), 'utf8'));
const recipe = (kind: string) => all.find((r) => r.kind === kind)!;
/** Imports a module of the copy (the recipe's own file included). */
const load = (path: string) => import(pathToFileURL(join(COPY, path)).href);

beforeAll(() => {
  mkdirSync(COPY, { recursive: true });
  for (const dir of ['sim', 'schedulers', 'workloads', 'traces', 'experiments', 'test/helpers']) cpSync(join(REPO, dir), join(COPY, dir), { recursive: true });
  for (const r of all) writeFileSync(join(COPY, r.path), r.code);
});
afterAll(() => rmSync(COPY, { recursive: true, force: true }));

describe('docs/extending.md', () => {
  it('has the examples the test runs', () => {
    expect(all.map((r) => r.kind)).toEqual(['queue-order', 'placement', 'failure']);
  });

  it('a queue order, registered as the recipe says, passes the conformance suite', async () => {
    const [{ saf }, registry, { runConformance }] = await Promise.all([load(recipe('queue-order').path), load('schedulers/registry.ts'), load('schedulers/conformance.ts')]);
    registry.queueOrders.register(registry.piece('saf', 'smallest area (tasks x estimate) first', () => saf));
    const results = runConformance((c: unknown) => registry.createScheduler({ queue: 'saf', backfill: 'easy', placement: 'first-fit' }, c));
    expect(results.flatMap((r: { problems: string[] }) => r.problems)).toEqual([]);
    // Smaller area first: 2 tasks x 10 s before 1 task x 30 s.
    const jobs = { tasks: [1, 2], estimate: [30, 10] };
    expect(saf.key(1, jobs, 0)).toBeLessThan(saf.key(0, jobs, 0));
  });

  it('a placement, registered as the recipe says, passes the conformance suite and fills the last nodes first', async () => {
    const [{ lastFit }, registry, { runConformance }, { Cluster }, { JobTable }] = await Promise.all([
      load(recipe('placement').path),
      load('schedulers/registry.ts'),
      load('schedulers/conformance.ts'),
      load('sim/cluster.ts'),
      load('sim/jobs.ts'),
    ]);
    registry.placements.register(registry.piece('last-fit', 'highest-numbered nodes first', () => lastFit));
    const results = runConformance((c: unknown) => registry.createScheduler({ queue: 'fcfs', backfill: 'easy', placement: 'last-fit' }, c));
    expect(results.flatMap((r: { problems: string[] }) => r.problems)).toEqual([]);
    const cluster = new Cluster({ resources: ['cpu'], nodes: [0, 1, 2, 3].map((i) => ({ id: `n${i}`, capacity: { cpu: 2 } })) });
    const jobs = new JobTable([{ id: 'a', submit: 0, tasks: 3, request: { cpu: 1 }, runtime: 10, estimate: 10 }], ['cpu']);
    expect(lastFit.place(0, jobs, cluster)).toEqual({ nodes: [2, 3], counts: [1, 2] });
  });

  it('a failure model, registered as the recipe says, fails each node once per period for its duration', async () => {
    const [{ periodic }, { failurePolicies }, { runDynamic, nodes }] = await Promise.all([load(recipe('failure').path), load('schedulers/failures/registry.ts'), load('test/helpers/dynamics.ts')]);
    failurePolicies.register(periodic);
    const params = failurePolicies.parse({ policy: 'periodic', period: 1000, duration: 100 });
    const run = runDynamic({
      cluster: nodes(4, { cpu: 1 }),
      horizon: 10_000,
      controllers: (world: unknown, rng: unknown) => [failurePolicies.create(params, { world, rng, horizon: 10_000 })],
    });
    const failed = run.events.filter((e: { type: string }) => e.type === 'node-failed');
    // Node i fails at 250 i + 1000 k for k = 0..9 (the next would be at or past the horizon): 10 each.
    expect(failed).toHaveLength(40);
    expect(failed.slice(0, 4).map((e: { time: number; node: string }) => [e.time, e.node])).toEqual([[0, 'n0'], [250, 'n1'], [500, 'n2'], [750, 'n3']]);
    expect(run.events.filter((e: { type: string }) => e.type === 'node-repaired')).toHaveLength(40);
  });
});
