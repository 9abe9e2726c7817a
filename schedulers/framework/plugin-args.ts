/**
 * The args of the plugins clusterlab models, as strict zod schemas with
 * upstream's defaulting and validation (pkg/scheduler/apis/config: v1
 * defaults.go, validation/validation_pluginargs.go), per configuration
 * version where they differ. A field upstream does not have, or one in the
 * wrong object, is an error; so is a value outside upstream's range
 * (hardPodAffinityWeight 0..100, minCandidateNodesPercentage 0..100,
 * minCandidateNodesAbsolute ≥ 0, not both zero, resource weights 1..100,
 * shape utilization 0..100 increasing and score 0..10, balanced-allocation
 * weights exactly 1, ...). The plugin factories parse their args with these
 * schemas too, so a plugin built directly (tests) is checked the same way.
 */
import { z } from 'zod';
import { InputError } from '../../sim/errors.ts';
import { canonicalResource } from './units.ts';
import { firstIssue, formatPath } from './zod-issues.ts';

/** kubescheduler.config.k8s.io versions read. */
export const CONFIG_VERSIONS = ['v1beta1', 'v1beta2', 'v1beta3', 'v1'] as const;
export type ConfigVersion = (typeof CONFIG_VERSIONS)[number];

const int = () => z.number().int();

/** {name, weight}: weight 0 or absent is 1 (upstream defaulting), then 1..100. */
const resourceSpec = z
  .strictObject({ name: z.string().min(1), weight: int().min(0).max(100).optional() })
  .transform((r) => ({ name: canonicalResource(r.name), weight: r.weight || 1 }));

const DEFAULT_RESOURCES = () => [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

const shape = z
  .array(z.strictObject({ utilization: int().min(0).max(100), score: int().min(0).max(10) }))
  .min(1)
  .superRefine((points, ctx) => {
    for (let i = 1; i < points.length; i++) {
      if (points[i]!.utilization <= points[i - 1]!.utilization) {
        ctx.addIssue({ code: 'custom', path: [i, 'utilization'], message: 'utilization values must be sorted in increasing order' });
        return;
      }
    }
  });

export type StrategyType = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

export interface FitArgs {
  ignoredResources: string[];
  ignoredResourceGroups: string[];
  strategy: { type: StrategyType; resources: { name: string; weight: number }[]; shape: { utilization: number; score: number }[] | null };
}

const ignored = {
  ignoredResources: z.array(z.string().min(1)).optional(),
  ignoredResourceGroups: z.array(z.string().min(1).refine((g) => !g.includes('/'), "resource group name can't contain '/'")).optional(),
};

/** NodeResourcesFitArgs, v1beta2 and later (scoringStrategy). */
const fitArgs = z
  .strictObject({
    ...ignored,
    scoringStrategy: z
      .strictObject({
        type: z.enum(['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio']),
        resources: z.array(resourceSpec).optional(),
        requestedToCapacityRatio: z.strictObject({ shape }).optional(),
      })
      .superRefine((s, ctx) => {
        if (s.type === 'RequestedToCapacityRatio' && !s.requestedToCapacityRatio) ctx.addIssue({ code: 'custom', path: ['requestedToCapacityRatio'], message: 'RequestedToCapacityRatio needs requestedToCapacityRatio.shape' });
      })
      .optional(),
  })
  .transform(
    (a): FitArgs => ({
      ignoredResources: (a.ignoredResources ?? []).map(canonicalResource),
      ignoredResourceGroups: a.ignoredResourceGroups ?? [],
      strategy: {
        type: a.scoringStrategy?.type ?? 'LeastAllocated',
        resources: a.scoringStrategy?.resources?.length ? a.scoringStrategy.resources : DEFAULT_RESOURCES(),
        shape: a.scoringStrategy?.requestedToCapacityRatio?.shape ?? null,
      },
    }),
  );

/** v1beta1 NodeResourcesFitArgs: the filter's args only (scoring was separate plugins). */
const fitArgsV1beta1 = z.strictObject(ignored).transform(
  (a): FitArgs => ({
    ignoredResources: (a.ignoredResources ?? []).map(canonicalResource),
    ignoredResourceGroups: a.ignoredResourceGroups ?? [],
    strategy: { type: 'LeastAllocated', resources: DEFAULT_RESOURCES(), shape: null },
  }),
);

/** v1beta1 NodeResourcesLeastAllocated / MostAllocated args, as NodeResourcesFit scoring. */
const allocatedArgsV1beta1 = (type: StrategyType) =>
  z.strictObject({ resources: z.array(resourceSpec).optional() }).transform(
    (a): FitArgs => ({ ignoredResources: [], ignoredResourceGroups: [], strategy: { type, resources: a.resources?.length ? a.resources : DEFAULT_RESOURCES(), shape: null } }),
  );

/** v1beta1 RequestedToCapacityRatioArgs {shape, resources}. */
const rtcArgsV1beta1 = z.strictObject({ shape, resources: z.array(resourceSpec).optional() }).transform(
  (a): FitArgs => ({
    ignoredResources: [],
    ignoredResourceGroups: [],
    strategy: { type: 'RequestedToCapacityRatio', resources: a.resources?.length ? a.resources : DEFAULT_RESOURCES(), shape: a.shape },
  }),
);

/** NodeResourcesBalancedAllocationArgs: weights must be 1 (after 0 → 1), names unique. */
const balancedArgs = z
  .strictObject({ resources: z.array(resourceSpec).optional() })
  .superRefine((a, ctx) => {
    const seen = new Set<string>();
    (a.resources ?? []).forEach((r, i) => {
      if (seen.has(r.name)) ctx.addIssue({ code: 'custom', path: ['resources', i, 'name'], message: `duplicate resource ${r.name}` });
      seen.add(r.name);
      if (r.weight !== 1) ctx.addIssue({ code: 'custom', path: ['resources', i, 'weight'], message: 'must be 1' });
    });
  })
  .transform((a) => ({ resources: a.resources?.length ? a.resources : DEFAULT_RESOURCES() }));
export type BalancedArgs = z.output<typeof balancedArgs>;

const interPodAffinityArgs = (version: ConfigVersion) =>
  z.strictObject({
    hardPodAffinityWeight: int().min(0).max(100).default(1),
    ...(version === 'v1' || version === 'v1beta3' ? { ignorePreferredTermsOfExistingPods: z.boolean().default(false) } : {}),
  });
export interface InterPodAffinityArgs {
  hardPodAffinityWeight: number;
  ignorePreferredTermsOfExistingPods?: boolean;
}

const defaultPreemptionArgs = z
  .strictObject({ minCandidateNodesPercentage: int().min(0).max(100).default(10), minCandidateNodesAbsolute: int().min(0).default(100) })
  .superRefine((a, ctx) => {
    if (a.minCandidateNodesPercentage === 0 && a.minCandidateNodesAbsolute === 0) {
      ctx.addIssue({ code: 'custom', path: ['minCandidateNodesPercentage'], message: 'cannot be zero at the same time as minCandidateNodesAbsolute' });
    }
  });
export type DefaultPreemptionArgs = z.output<typeof defaultPreemptionArgs>;

const policy = z.enum(['Honor', 'Ignore']);
const defaultConstraint = z.strictObject({
  maxSkew: int().min(1),
  topologyKey: z.string().min(1),
  whenUnsatisfiable: z.enum(['DoNotSchedule', 'ScheduleAnyway']),
  labelSelector: z.undefined({ error: 'a default constraint must not define a selector: it is deduced for each pod' }).optional(),
  minDomains: int().min(1).optional(),
  nodeAffinityPolicy: policy.optional(),
  nodeTaintsPolicy: policy.optional(),
  matchLabelKeys: z.array(z.string().min(1)).optional(),
});
export type DefaultConstraintArgs = z.output<typeof defaultConstraint>;

const podTopologySpreadArgs = (version: ConfigVersion) =>
  z
    .strictObject({ defaultConstraints: z.array(defaultConstraint).optional(), defaultingType: z.enum(['System', 'List']).optional() })
    // v1beta1 defaults to List when constraints are given; later versions always to System (upstream defaults.go).
    .transform((a) => ({ defaultConstraints: a.defaultConstraints ?? [], defaultingType: a.defaultingType ?? (version === 'v1beta1' && a.defaultConstraints?.length ? 'List' : 'System') }))
    .superRefine((a, ctx) => {
      if (a.defaultingType === 'System' && a.defaultConstraints.length > 0) ctx.addIssue({ code: 'custom', path: ['defaultingType'], message: 'must be List when defaultConstraints are given' });
      const seen = new Set<string>();
      a.defaultConstraints.forEach((c, i) => {
        const key = `${c.topologyKey}\u0000${c.whenUnsatisfiable}`;
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['defaultConstraints', i], message: `duplicate {${c.topologyKey}, ${c.whenUnsatisfiable}}` });
        seen.add(key);
        if (c.minDomains !== undefined && c.whenUnsatisfiable !== 'DoNotSchedule') ctx.addIssue({ code: 'custom', path: ['defaultConstraints', i, 'minDomains'], message: 'needs whenUnsatisfiable DoNotSchedule' });
      });
    });
export type PodTopologySpreadArgs = z.output<ReturnType<typeof podTopologySpreadArgs>>;

/** NodeAffinityArgs.addedAffinity; the terms are parsed by the plugin (selectors.ts). */
const nodeAffinityArgs = z.strictObject({
  addedAffinity: z
    .strictObject({
      requiredDuringSchedulingIgnoredDuringExecution: z.strictObject({ nodeSelectorTerms: z.array(z.record(z.string(), z.unknown())).min(1) }).optional(),
      preferredDuringSchedulingIgnoredDuringExecution: z.array(z.strictObject({ weight: int().min(1).max(100), preference: z.record(z.string(), z.unknown()) })).optional(),
    })
    .optional(),
});
export type NodeAffinityArgs = z.output<typeof nodeAffinityArgs>;

/** The args schema of a modelled plugin, or null for one that takes none. */
export function argsSchema(plugin: string, version: ConfigVersion): z.ZodType | null {
  switch (plugin) {
    case 'NodeResourcesFit':
      return version === 'v1beta1' ? fitArgsV1beta1 : fitArgs;
    case 'NodeResourcesLeastAllocated':
      return allocatedArgsV1beta1('LeastAllocated');
    case 'NodeResourcesMostAllocated':
      return allocatedArgsV1beta1('MostAllocated');
    case 'RequestedToCapacityRatio':
      return rtcArgsV1beta1;
    case 'NodeResourcesBalancedAllocation':
      return version === 'v1beta1' ? z.strictObject({}).transform(() => ({ resources: DEFAULT_RESOURCES() })) : balancedArgs;
    case 'InterPodAffinity':
      return interPodAffinityArgs(version);
    case 'DefaultPreemption':
      return defaultPreemptionArgs;
    case 'PodTopologySpread':
      return podTopologySpreadArgs(version);
    case 'NodeAffinity':
      return nodeAffinityArgs;
    default:
      return null;
  }
}

/**
 * Parses `raw` args of `plugin` with `schema` (by default its upstream one in
 * `version`); a bad field throws an InputError "<plugin> args: <field>:
 * <problem>". Plugins without args take `{}`.
 */
export function parseArgs<T>(plugin: string, raw: unknown, version: ConfigVersion = 'v1', schema: z.ZodType = argsSchema(plugin, version) ?? z.strictObject({})): T {
  const r = schema.safeParse(raw ?? {});
  if (r.success) return r.data as T;
  const issue = firstIssue(r.error);
  const field = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') throw new InputError(`${plugin} args: unknown field ${formatPath([...issue.path, (issue as { keys: string[] }).keys[0]!])}`);
  throw new InputError(`${plugin} args: ${field ? `${field}: ` : ''}${issue.message.replace(/^Invalid input: /, '')}`);
}
