/**
 * Schedulers written by users, in process: a module (.ts, .js, .mjs) whose
 * default export (or export named `createScheduler`) is either
 *   - a factory `(context) => SchedulingPolicy`, called once per run, or
 *   - a SchedulingPolicy object (then one module import serves one run).
 * The context gives the run's seed and named seeded streams:
 *   { seed, random(name): () => number }.
 * The policy implements sim/policy.ts SchedulingPolicy exactly as the
 * built-in ones: decisions go through ctx.start / reject / preempt / wakeAt and
 * are validated by the engine. Anything the policy throws ends the run with a
 * SimulationError naming it ("scheduler <name> threw: ..."), never a
 * half-written result.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { InputError, SimulationError } from '../sim/errors.ts';
import type { SchedulingContext, SchedulingPolicy } from '../sim/policy.ts';
import type { Random } from '../sim/rng.ts';
import type { RegistryContext } from './registry.ts';

export interface UserSchedulerContext {
  readonly seed: number | string;
  /** A named seeded stream of uniform numbers in [0, 1). */
  random(name: string): Random;
}

export type UserSchedulerFactory = (context: UserSchedulerContext) => SchedulingPolicy;

export function isModulePath(spec: string): boolean {
  return /\.(ts|mts|js|mjs|cjs)$/i.test(spec);
}

let importCounter = 0;

/**
 * tsx, registered once for this process under a namespace of its own: it
 * compiles the TypeScript modules imported through it (a user's module and
 * what that imports) and nothing else, so the compiled command loads tsx only
 * when a user hands over a .ts module. Registering costs a loader start-up
 * (0.2-0.5 s); the module worker does it before it starts timing the module.
 */
let typeScript: Promise<(specifier: string, parent: string) => Promise<Record<string, unknown>>> | null = null;

export function typeScriptImporter(): Promise<(specifier: string, parent: string) => Promise<Record<string, unknown>>> {
  typeScript ??= import('tsx/esm/api').then(({ register }) => register({ namespace: 'clusterlab-user-module' }).import);
  return typeScript;
}

/**
 * Imports a user's module; a TypeScript one through typeScriptImporter(). (A
 * module outside this package, with no package.json saying "type": "module",
 * was taken for CommonJS by a process-wide tsx and failed with "Cannot
 * require() ES Module ... in a cycle".)
 */
async function importModule(url: string): Promise<Record<string, unknown>> {
  if (!/\.(ts|mts|cts)(\?|$)/i.test(url)) return (await import(url)) as Record<string, unknown>;
  const mod = await (await typeScriptImporter())(url, import.meta.url);
  // Where no package.json says "type": "module", tsx compiles the module to CommonJS, whose
  // exports arrive as the default export: { default: { default: factory } }.
  const inner = mod.default as Record<string, unknown> | undefined;
  const commonJs = inner && typeof inner === 'object' && typeof inner.schedule !== 'function' && ('default' in inner || 'createScheduler' in inner);
  return commonJs ? inner : mod;
}

/** Imports a user's scheduler module and returns a factory of policies (a fresh import per call when it exports an object). */
export async function loadUserScheduler(path: string): Promise<(context: RegistryContext) => SchedulingPolicy> {
  const url = pathToFileURL(resolve(path)).href;
  const load = async (fresh: boolean) => {
    let mod: Record<string, unknown>;
    try {
      mod = await importModule(fresh ? `${url}?clusterlab-run=${++importCounter}` : url);
    } catch (err) {
      throw new InputError(`cannot load the scheduler module: ${(err as Error).message.split('\n')[0]}`, { file: path });
    }
    const exported = mod.createScheduler ?? mod.default;
    if (typeof exported !== 'function' && !(exported && typeof (exported as SchedulingPolicy).schedule === 'function')) {
      throw new InputError('the module must export (default, or as createScheduler) a function returning a scheduling policy, or a policy object with schedule(ctx)', { file: path });
    }
    return exported as UserSchedulerFactory | SchedulingPolicy;
  };
  const first = await load(false);
  const label = path;
  if (typeof first === 'function') {
    return (context) => guardPolicy(checkPolicy(first(userContext(context)), label), label);
  }
  // An object serves one run; later runs need a fresh module instance (loadUserSchedulerFresh).
  let used = false;
  return () => {
    if (used) throw new InputError('this module exports a policy object, which serves one run; export a factory function to run it more than once', { file: path });
    used = true;
    return guardPolicy(checkPolicy(first, label), label);
  };
}

/** Loads a fresh instance of an object-exporting module (for repeated runs, e.g. the conformance suite). */
export async function loadUserSchedulerFresh(path: string): Promise<(context: RegistryContext) => SchedulingPolicy> {
  const url = pathToFileURL(resolve(path)).href;
  const mod = await importModule(`${url}?clusterlab-run=${++importCounter}`);
  const exported = (mod.createScheduler ?? mod.default) as UserSchedulerFactory | SchedulingPolicy;
  if (typeof exported === 'function') return (context) => guardPolicy(checkPolicy(exported(userContext(context)), path), path);
  return () => guardPolicy(checkPolicy(exported, path), path);
}

/** The context a user's factory gets: the run's seed and named streams (kept apart from the built-in ones). */
export function userContext(context: RegistryContext): UserSchedulerContext {
  return { seed: context.rng.seed, random: (name) => context.rng.stream(`user:${name}`) };
}

function checkPolicy(p: unknown, label: string): SchedulingPolicy {
  if (!p || typeof (p as SchedulingPolicy).schedule !== 'function') throw new InputError('the scheduler factory did not return an object with schedule(ctx)', { file: label });
  return p as SchedulingPolicy;
}

/** Wraps a policy so that anything it throws becomes a SimulationError naming it. */
export function guardPolicy(policy: SchedulingPolicy, label: string): SchedulingPolicy {
  const name = typeof policy.name === 'string' && policy.name ? policy.name : label;
  const wrap = <A extends unknown[]>(what: string, f: ((...args: A) => void) | undefined, ctxIndex: number) =>
    f
      ? (...args: A) => {
          try {
            f.apply(policy, args);
          } catch (err) {
            if (err instanceof SimulationError) throw err;
            const ctx = args[ctxIndex] as SchedulingContext;
            throw new SimulationError(name, ctx?.now ?? NaN, `scheduler ${JSON.stringify(name)} threw in ${what}: ${(err as Error)?.message ?? String(err)}`);
          }
        }
      : undefined;
  return {
    name,
    schedule: wrap('schedule', policy.schedule, 0)!,
    onSubmit: wrap('onSubmit', policy.onSubmit, 1),
    onEnd: wrap('onEnd', policy.onEnd, 1),
    onRequeue: wrap('onRequeue', policy.onRequeue, 1),
  };
}
