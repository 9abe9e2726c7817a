/**
 * From the command line's scheduler options to the run's policy:
 *   --scheduler batch (default)      queue + backfill + placement
 *   --scheduler kube                 the Kubernetes-style scheduler, default profile
 *   --scheduler-config FILE          the Kubernetes-style scheduler configured by a
 *                                    KubeSchedulerConfiguration (YAML or JSON, with
 *                                    optional PriorityClass/PDB/ResourceQuota documents)
 *   --scheduler ./my-scheduler.ts    a user's module (.ts .js .mjs), in process
 *   --scheduler ./my-scheduler.py    any other file: an external scheduler speaking
 *                                    the NDJSON protocol (schedulers/external/)
 */
import { readFileSync } from 'node:fs';
import { fsReason } from '../../sim/fs-errors.ts';
import { InputError, UsageError } from '../../sim/errors.ts';
import type { SchedulingPolicy } from '../../sim/policy.ts';
import { defaultProfile, parseSchedulerConfig } from '../../schedulers/framework/config.ts';
import { parseObjects, withNamespaces } from '../../schedulers/framework/objects.ts';
import { checkProfile } from '../../schedulers/framework/registry.ts';
import { createFrameworkScheduler, type UnschedulableMode } from '../../schedulers/framework/scheduler.ts';
import type { RegistryContext } from '../../schedulers/registry.ts';
import { createExternalScheduler } from '../../schedulers/external/client.ts';
import { isModulePath, loadUserScheduler } from '../../schedulers/user.ts';

export interface SchedulerChoiceOptions {
  scheduler?: string;
  schedulerConfig?: string;
  unschedulable?: UnschedulableMode;
  explainNodes?: number;
  schedulerTimeout?: number;
}

export interface ResolvedScheduler {
  /** Undefined for the batch composition. */
  policy?: (context: RegistryContext) => SchedulingPolicy;
  /** For the manifest and summary. */
  description: Record<string, unknown>;
  /** Configuration fields accepted but not modelled, "file: ..." (the CLI prints them). */
  warnings?: string[];
}

/**
 * The Kubernetes-style scheduler from a configuration file's text (or the
 * default profile). The file is validated and its profile built once here, so
 * every error names the file and comes before any simulation starts.
 */
export function frameworkFromConfig(text: string | null, file: string, options: SchedulerChoiceOptions = {}, warnings: string[] = []): (context: RegistryContext) => SchedulingPolicy {
  const config = text === null ? { profiles: [defaultProfile(file)], objects: [], warnings: [] } : parseSchedulerConfig(text, file);
  const objects = parseObjects(config.objects, file);
  const profiles = config.profiles;
  for (const profile of profiles) checkProfile(profile, objects);
  for (const w of config.warnings) warnings.push(`${file}: ${w}`);
  return (context) =>
    createFrameworkScheduler({
      profiles,
      objects: withNamespaces(objects, context.namespaces),
      random: context.rng.stream('scheduler-tiebreak'),
      unschedulable: options.unschedulable,
      explainNodes: options.explainNodes,
    });
}

export async function resolveScheduler(options: SchedulerChoiceOptions): Promise<ResolvedScheduler> {
  const spec = options.scheduler ?? (options.schedulerConfig ? 'kube' : 'batch');
  if (options.schedulerConfig && spec !== 'kube') throw new UsageError('--scheduler-config configures the Kubernetes-style scheduler; do not combine it with --scheduler ' + spec);
  if (spec === 'batch') return { description: { kind: 'batch' } };
  if (spec === 'kube') {
    let text: string | null = null;
    if (options.schedulerConfig) {
      try {
        text = readFileSync(options.schedulerConfig, 'utf8');
      } catch (err) {
        throw new InputError(`cannot read: ${fsReason(err)}`, { file: options.schedulerConfig });
      }
    }
    const warnings: string[] = [];
    const factory = frameworkFromConfig(text, options.schedulerConfig ?? '<default profile>', options, warnings);
    return { policy: factory, description: { kind: 'kube', config: options.schedulerConfig ?? null }, warnings };
  }
  if (isModulePath(spec)) return { policy: await loadUserScheduler(spec), description: { kind: 'module', module: spec } };
  if (spec.includes('/') || spec.includes('.')) {
    const timeout = options.schedulerTimeout ?? 10;
    return { policy: () => createExternalScheduler(spec, { timeoutSeconds: timeout }), description: { kind: 'external', command: spec, timeout_seconds: timeout } };
  }
  throw new UsageError(`unknown --scheduler ${JSON.stringify(spec)}; valid: batch, kube, a module path (.ts, .js, .mjs) or an external scheduler program (e.g. ./examples/fcfs_scheduler.py)`);
}
