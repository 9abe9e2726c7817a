/**
 * KubeSchedulerConfiguration (kubescheduler.config.k8s.io v1, v1beta3,
 * v1beta2 and the v1beta1 files of older simulators), read from YAML or JSON
 * and validated strictly, as upstream's decoder and validation do: a field
 * upstream does not have at that place (`profile:`, `plugin:`, `pluginConfig`
 * at the top level, `scoringStrategy: {typ: ...}`), a value out of range, an
 * unknown plugin, a duplicate schedulerName or pluginConfig entry is an
 * InputError naming the file and the field. What is read:
 *
 *   percentageOfNodesToScore (top level or per profile; 0 or absent: adaptive)
 *   profiles[i].schedulerName (defaulted to default-scheduler for a single profile)
 *   profiles[i].plugins.<point>.enabled/disabled [{name, weight}] for points
 *     multiPoint (v1beta3, v1), queueSort, preFilter, filter, postFilter,
 *     preScore, score, reserve, permit, bind ("*" disables every default of the
 *     point); preEnqueue, preBind, postBind are accepted (nothing to simulate)
 *   profiles[i].pluginConfig [{name, args}], args checked against the plugin registry
 *     (plugin-registry.ts pluginArgs: upstream's schemas of the file's version, plugin-args.ts)
 *
 * Accepted without effect on a simulation: parallelism, leaderElection,
 * clientConnection, healthzBindAddress, metricsBindAddress, enableProfiling,
 * enableContentionProfiling, delayCacheUntilActive. Accepted but not modelled,
 * with a warning: podInitialBackoffSeconds and podMaxBackoffSeconds (clusterlab
 * retries a pod when something that could help it happened, without timed
 * back-off). Every profile schedules the pods whose schedulerName
 * names it (scheduler.ts). Rejected: extenders (HTTP callouts).
 *
 * Semantics as upstream: the default plugins of the file's version (v1 and
 * v1beta3: the multiPoint set, TaintToleration 3, NodeAffinity 2,
 * PodTopologySpread 2, InterPodAffinity 2; v1beta2 and v1beta1: weight 1 for
 * TaintToleration, NodeAffinity and InterPodAffinity) are expanded to every
 * extension point they implement; multiPoint.enabled adds plugins at all their
 * points; per-point lists then disable and enable. An explicitly enabled score
 * plugin without a weight (or weight 0) gets weight 1, as upstream's
 * framework; its weight at the score point takes precedence over multiPoint's.
 * Multi-document YAML may also carry PriorityClass, PodDisruptionBudget,
 * ResourceQuota, LimitRange and Namespace objects (see objects.ts).
 */
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { InputError } from '../../sim/errors.ts';
import { NO_PARAMS } from '../control/registry.ts';
import { CONFIG_VERSIONS, type ConfigVersion } from './plugin-args.ts';
import { frameworkPlugins, pluginArgs, removedIn } from './plugin-registry.ts';
import { issueError } from './zod-issues.ts';

export { CONFIG_VERSIONS, type ConfigVersion } from './plugin-args.ts';

export const EXTENSION_POINTS = ['queueSort', 'preFilter', 'filter', 'postFilter', 'preScore', 'score', 'reserve', 'permit', 'bind'] as const;
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];
/** Points upstream has that clusterlab has nothing to simulate at: accepted, not run. */
const PASSIVE_POINTS = ['preEnqueue', 'preBind', 'postBind'] as const;

export interface PluginRef {
  name: string;
  weight?: number;
}

export interface PluginSet {
  enabled: PluginRef[];
  disabled: PluginRef[];
}

export interface ProfileConfig {
  schedulerName: string;
  /** 0 means adaptive (upstream default). */
  percentageOfNodesToScore: number;
  plugins: Partial<Record<ExtensionPoint | 'multiPoint', PluginSet>>;
  pluginConfig: Map<string, Record<string, unknown>>;
  /** The configuration's version: which default plugins and weights apply, and how args are read. */
  version: ConfigVersion;
  /** Where it came from, named by errors raised while building the profile. */
  file: string;
}

export interface SchedulerConfig {
  profiles: ProfileConfig[];
  /** Non-configuration documents found alongside (PriorityClass, PodDisruptionBudget, ResourceQuota). */
  objects: Record<string, unknown>[];
  /** Fields accepted but not modelled, in plain words (the CLI prints them). */
  warnings: string[];
}

const API_GROUP = 'kubescheduler.config.k8s.io/';

function fail(file: string, message: string): never {
  throw new InputError(message, { file });
}

const pluginRef = z.strictObject({ name: z.string().min(1), weight: z.number().int().min(0).optional() });
const pluginSet = z.strictObject({ enabled: z.array(pluginRef).nullish(), disabled: z.array(pluginRef).nullish() });
const percentage = z.number().int().min(0).max(100).nullish();
const anyObject = z.record(z.string(), z.unknown());

function pointsOf(version: ConfigVersion): string[] {
  const modern = version === 'v1' || version === 'v1beta3';
  return [...(modern ? ['multiPoint', 'preEnqueue'] : []), ...EXTENSION_POINTS, 'preBind', 'postBind'];
}

function schemaFor(version: ConfigVersion) {
  const modern = version === 'v1' || version === 'v1beta3';
  const profile = z.strictObject({
    schedulerName: z.string().min(1).optional(),
    ...(modern ? { percentageOfNodesToScore: percentage } : {}),
    plugins: z.strictObject(Object.fromEntries(pointsOf(version).map((p) => [p, pluginSet.nullish()]))).nullish(),
    pluginConfig: z.array(z.strictObject({ name: z.string().min(1), args: anyObject.nullish() })).nullish(),
  });
  return z.strictObject({
    apiVersion: z.string(),
    kind: z.literal('KubeSchedulerConfiguration'),
    parallelism: z.number().int().positive().optional(),
    leaderElection: anyObject.optional(),
    clientConnection: anyObject.optional(),
    ...(modern ? { delayCacheUntilActive: z.boolean().optional() } : { healthzBindAddress: z.string().optional(), metricsBindAddress: z.string().optional() }),
    enableProfiling: z.boolean().optional(),
    enableContentionProfiling: z.boolean().optional(),
    percentageOfNodesToScore: percentage,
    podInitialBackoffSeconds: z.number().int().positive().optional(),
    podMaxBackoffSeconds: z.number().int().positive().optional(),
    profiles: z.array(profile).min(1).optional(),
    extenders: z.array(z.unknown()).max(0, 'scheduler extenders (HTTP callouts) are not modelled; remove them').optional(),
  });
}

/** Advice for fields that are right somewhere else. */
const HINTS: Record<string, string> = {
  pluginConfig: 'pluginConfig belongs in a profile: profiles[i].pluginConfig',
  plugins: 'plugins belongs in a profile: profiles[i].plugins',
  schedulerName: 'schedulerName belongs in a profile: profiles[i].schedulerName',
  args: 'args belongs in a pluginConfig entry: profiles[i].pluginConfig[k].args',
};

type RawConfig = z.output<ReturnType<typeof schemaFor>>;
type RawProfile = NonNullable<RawConfig['profiles']>[number];

function versionOf(doc: Record<string, unknown>, file: string): ConfigVersion {
  const api = doc.apiVersion;
  if (typeof api !== 'string') fail(file, `apiVersion is required (${CONFIG_VERSIONS.map((v) => API_GROUP + v).join(', ')})`);
  if (!api.startsWith(API_GROUP)) fail(file, `apiVersion ${api} is not ${API_GROUP}*`);
  const v = api.slice(API_GROUP.length);
  if (!(CONFIG_VERSIONS as readonly string[]).includes(v)) fail(file, `apiVersion ${api} is not supported; use ${CONFIG_VERSIONS.map((x) => API_GROUP + x).join(', ')}`);
  return v as ConfigVersion;
}

/** Parses and validates the text of a configuration file (YAML or JSON, one or more documents). */
export function parseSchedulerConfig(text: string, file = '<config>'): SchedulerConfig {
  let docs: unknown[];
  try {
    docs = parseAllDocuments(text).map((d) => {
      if (d.errors.length > 0) throw d.errors[0];
      return d.toJSON();
    });
  } catch (err) {
    fail(file, `not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  let raw: Record<string, unknown> | null = null;
  const objects: Record<string, unknown>[] = [];
  for (const doc of docs) {
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== 'object' || Array.isArray(doc)) fail(file, 'every document must be an object');
    const o = doc as Record<string, unknown>;
    if (o.kind === 'KubeSchedulerConfiguration') {
      if (raw) fail(file, 'more than one KubeSchedulerConfiguration');
      raw = o;
    } else if (o.kind === 'PriorityClass' || o.kind === 'PodDisruptionBudget' || o.kind === 'ResourceQuota' || o.kind === 'Namespace' || o.kind === 'LimitRange') objects.push(o);
    else fail(file, `unsupported document kind ${JSON.stringify(o.kind)}; expected KubeSchedulerConfiguration, PriorityClass, PodDisruptionBudget, ResourceQuota, LimitRange or Namespace`);
  }
  if (!raw) return { profiles: [defaultProfile(file)], objects, warnings: [] };
  const version = versionOf(raw, file);
  const schema = schemaFor(version);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw issueError(parsed.error, schema, raw, file, [], HINTS);
  const config = parsed.data;
  const warnings: string[] = [];
  for (const key of ['podInitialBackoffSeconds', 'podMaxBackoffSeconds'] as const) {
    if (config[key] !== undefined) warnings.push(`${key} is accepted but not modelled: a pod that did not fit is retried when something that could help it happened (an end, a preemption, a capacity change), without timed back-off`);
  }
  if (config.podInitialBackoffSeconds !== undefined && config.podMaxBackoffSeconds !== undefined && config.podMaxBackoffSeconds < config.podInitialBackoffSeconds) {
    fail(file, `podMaxBackoffSeconds (${config.podMaxBackoffSeconds}) must be at least podInitialBackoffSeconds (${config.podInitialBackoffSeconds})`);
  }
  const top = config.percentageOfNodesToScore ?? 0;
  const rawProfiles: RawProfile[] = config.profiles ?? [{}];
  const names = new Map<string, number>();
  const profiles = rawProfiles.map((p, i) => {
    const where = `profiles[${i}]`;
    // Upstream defaults the name only when there is a single profile.
    const schedulerName = p.schedulerName ?? (rawProfiles.length === 1 ? 'default-scheduler' : fail(file, `${where}.schedulerName is required when there are several profiles`));
    const first = names.get(schedulerName);
    if (first !== undefined) fail(file, `${where}.schedulerName ${JSON.stringify(schedulerName)} duplicates profiles[${first}].schedulerName`);
    names.set(schedulerName, i);
    return profileOf(p, i, version, top, file);
  });
  // Upstream: one queue for all profiles, so their queueSort sets must agree.
  const qs = (p: RawProfile) => JSON.stringify(p.plugins?.queueSort ?? null);
  rawProfiles.forEach((p, i) => {
    if (i > 0 && qs(p) !== qs(rawProfiles[0]!)) fail(file, `profiles[${i}].plugins.queueSort must be the same for all profiles`);
  });
  return { profiles, objects, warnings };
}

function profileOf(p: RawProfile, index: number, version: ConfigVersion, top: number, file: string): ProfileConfig {
  const where = `profiles[${index}]`;
  const plugins: ProfileConfig['plugins'] = {};
  for (const [point, set] of Object.entries(p.plugins ?? {})) {
    if (!set) continue;
    const s = set as z.output<typeof pluginSet>;
    for (const list of ['enabled', 'disabled'] as const) {
      (s[list] ?? []).forEach((ref, k) => {
        if (ref.name === '*' && list === 'disabled') return;
        checkPluginName(ref.name, version, file, `${where}.plugins.${point}.${list}[${k}].name`);
      });
    }
    if ((PASSIVE_POINTS as readonly string[]).includes(point)) continue;
    plugins[point as ExtensionPoint] = { enabled: (s.enabled ?? []).map(ref), disabled: (s.disabled ?? []).map(ref) };
  }
  const pluginConfig = new Map<string, Record<string, unknown>>();
  (p.pluginConfig ?? []).forEach((entry, k) => {
    const at = `${where}.pluginConfig[${k}]`;
    checkPluginName(entry.name, version, file, `${at}.name`);
    if (pluginConfig.has(entry.name)) fail(file, `${at}: a second pluginConfig entry for ${entry.name}`);
    const args = entry.args ?? {};
    const schema = pluginArgs(entry.name, version);
    const r = schema.safeParse(args);
    if (!r.success) {
      if (schema === NO_PARAMS && r.error.issues[0]?.code === 'unrecognized_keys') fail(file, `${at}.args: ${entry.name} takes no args`);
      throw issueError(r.error, schema, args, file, ['profiles', index, 'pluginConfig', k, 'args']);
    }
    pluginConfig.set(entry.name, args);
  });
  const own = (p as { percentageOfNodesToScore?: number | null }).percentageOfNodesToScore;
  return {
    schedulerName: p.schedulerName ?? 'default-scheduler',
    percentageOfNodesToScore: own ?? top,
    plugins,
    pluginConfig,
    version,
    file,
  };
}

function ref(r: { name: string; weight?: number }): PluginRef {
  return r.weight === undefined ? { name: r.name } : { name: r.name, weight: r.weight };
}

function checkPluginName(name: string, version: ConfigVersion, file: string, where: string): void {
  if (!frameworkPlugins.has(name)) fail(file, `${where}: unknown scheduler plugin ${JSON.stringify(name)}; known: ${frameworkPlugins.names().sort().join(', ')}`);
  const removed = removedIn(name, version);
  if (removed) fail(file, `${where}: plugin ${name} was removed in ${removed} (this file is ${version})${name.startsWith('NodeResources') || name === 'RequestedToCapacityRatio' ? '; use NodeResourcesFit args scoringStrategy' : ''}`);
}

export function defaultProfile(file = '<default profile>'): ProfileConfig {
  return { schedulerName: 'default-scheduler', percentageOfNodesToScore: 0, plugins: {}, pluginConfig: new Map(), version: 'v1', file };
}
