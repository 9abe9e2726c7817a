/**
 * KubeSchedulerConfiguration (kubescheduler.config.k8s.io v1, also v1beta2/3
 * and the v1beta1 files of older simulators), read from YAML or JSON. The
 * subset that matters to a simulation:
 *
 *   percentageOfNodesToScore (top level or per profile; 0 or absent: adaptive)
 *   profiles[0].plugins.<point>.enabled/disabled [{name, weight}] for points
 *     multiPoint, queueSort, preFilter, filter, postFilter, preScore, score,
 *     reserve, permit, bind ("*" disables every default of the point)
 *   profiles[0].pluginConfig [{name, args}]
 *
 * Semantics as upstream: the default plugins (the v1 multiPoint defaults) are
 * expanded to every extension point they implement; multiPoint.enabled adds
 * plugins at all their points; per-point lists then disable and enable; a
 * score weight of 0 or none means the plugin's default weight (1 for plugins
 * without one). Only the first profile is used (clusterlab jobs carry no
 * schedulerName). Other fields (leaderElection, clientConnection...) are
 * ignored. Multi-document YAML may also carry PriorityClass,
 * PodDisruptionBudget and ResourceQuota objects (see objects.ts).
 */
import { parseAllDocuments } from 'yaml';
import { InputError } from '../../sim/errors.ts';

export const EXTENSION_POINTS = ['queueSort', 'preFilter', 'filter', 'postFilter', 'preScore', 'score', 'reserve', 'permit', 'bind'] as const;
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

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
}

export interface SchedulerConfig {
  profiles: ProfileConfig[];
  /** Non-configuration documents found alongside (PriorityClass, PodDisruptionBudget, ResourceQuota). */
  objects: Record<string, unknown>[];
}

const API_GROUP = 'kubescheduler.config.k8s.io/';

function fail(file: string, message: string): never {
  throw new InputError(message, { file });
}

function pluginSet(value: unknown, file: string, where: string): PluginSet {
  if (value === null || value === undefined) return { enabled: [], disabled: [] };
  if (typeof value !== 'object' || Array.isArray(value)) fail(file, `${where} must be an object with enabled/disabled lists`);
  const o = value as Record<string, unknown>;
  const refs = (v: unknown, w: string): PluginRef[] => {
    if (v === null || v === undefined) return [];
    if (!Array.isArray(v)) fail(file, `${w} must be a list`);
    return v.map((item, i) => {
      const it = item as Record<string, unknown>;
      if (!it || typeof it.name !== 'string' || it.name === '') fail(file, `${w}[${i}].name must be a non-empty string`);
      const weight = it.weight;
      if (weight !== undefined && (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0)) fail(file, `${w}[${i}].weight must be a non-negative integer`);
      return weight === undefined ? { name: it.name } : { name: it.name, weight };
    });
  };
  return { enabled: refs(o.enabled, `${where}.enabled`), disabled: refs(o.disabled, `${where}.disabled`) };
}

function percentage(v: unknown, file: string, where: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100) fail(file, `${where} must be an integer in 0..100, got ${JSON.stringify(v)}`);
  return v;
}

/** Parses the text of a configuration file (YAML or JSON, one or more documents). */
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
  let config: Record<string, unknown> | null = null;
  const objects: Record<string, unknown>[] = [];
  for (const doc of docs) {
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== 'object' || Array.isArray(doc)) fail(file, 'every document must be an object');
    const o = doc as Record<string, unknown>;
    if (o.kind === 'KubeSchedulerConfiguration') {
      if (config) fail(file, 'more than one KubeSchedulerConfiguration');
      if (typeof o.apiVersion === 'string' && !o.apiVersion.startsWith(API_GROUP)) fail(file, `apiVersion ${o.apiVersion} is not ${API_GROUP}*`);
      config = o;
    } else if (o.kind === 'PriorityClass' || o.kind === 'PodDisruptionBudget' || o.kind === 'ResourceQuota') objects.push(o);
    else fail(file, `unsupported document kind ${JSON.stringify(o.kind)}; expected KubeSchedulerConfiguration, PriorityClass, PodDisruptionBudget or ResourceQuota`);
  }
  if (!config) return { profiles: [defaultProfile()], objects };
  const top = percentage(config.percentageOfNodesToScore, file, 'percentageOfNodesToScore');
  const rawProfiles = config.profiles ?? [{}];
  if (!Array.isArray(rawProfiles) || rawProfiles.length === 0) fail(file, 'profiles must be a non-empty list');
  const profiles = rawProfiles.map((p, i): ProfileConfig => {
    const o = (p ?? {}) as Record<string, unknown>;
    const where = `profiles[${i}]`;
    const plugins: ProfileConfig['plugins'] = {};
    const rawPlugins = (o.plugins ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(rawPlugins)) {
      if (key !== 'multiPoint' && !(EXTENSION_POINTS as readonly string[]).includes(key)) {
        if (key === 'preEnqueue' || key === 'preBind' || key === 'postBind') continue; // points with nothing to simulate
        fail(file, `${where}.plugins.${key} is not an extension point (${['multiPoint', ...EXTENSION_POINTS].join(', ')})`);
      }
      plugins[key as ExtensionPoint] = pluginSet(rawPlugins[key], file, `${where}.plugins.${key}`);
    }
    const pluginConfig = new Map<string, Record<string, unknown>>();
    const pc = o.pluginConfig ?? [];
    if (!Array.isArray(pc)) fail(file, `${where}.pluginConfig must be a list`);
    pc.forEach((entry, k) => {
      const e = entry as Record<string, unknown>;
      if (!e || typeof e.name !== 'string') fail(file, `${where}.pluginConfig[${k}].name must be a string`);
      pluginConfig.set(e.name, (e.args ?? {}) as Record<string, unknown>);
    });
    const own = o.percentageOfNodesToScore;
    return {
      schedulerName: typeof o.schedulerName === 'string' ? o.schedulerName : 'default-scheduler',
      percentageOfNodesToScore: own === undefined || own === null ? top : percentage(own, file, `${where}.percentageOfNodesToScore`),
      plugins,
      pluginConfig,
    };
  });
  return { profiles, objects };
}

export function defaultProfile(): ProfileConfig {
  return { schedulerName: 'default-scheduler', percentageOfNodesToScore: 0, plugins: {}, pluginConfig: new Map() };
}
