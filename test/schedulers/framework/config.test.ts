/** KubeSchedulerConfiguration: strict validation, errors naming the file and field, version defaults, upstream weights. */
import { describe, expect, it } from 'vitest';
import { frameworkFromConfig } from '../../../experiments/run/scheduler-choice.ts';
import { parseSchedulerConfig } from '../../../schedulers/framework/config.ts';
import { emptyObjects } from '../../../schedulers/framework/objects.ts';
import { checkProfile } from '../../../schedulers/framework/registry.ts';
import { toleratesTaint } from '../../../schedulers/framework/plugins/taint-toleration.ts';
import type { Toleration } from '../../../schedulers/framework/pod.ts';
import { JobSchema } from '../../../workloads/job.ts';

const HEAD = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';
const withArgs = (name: string, args: string) => `${HEAD}profiles:\n- pluginConfig:\n  - name: ${name}\n    args: ${args}\n`;

describe('wrong or misplaced fields are errors naming the file and the field', () => {
  const cases: [string, string, RegExp][] = [
    ['profile: instead of profiles:', `${HEAD}profile:\n- schedulerName: a\n`, /^k\.yaml: unknown field profile \(did you mean profiles\?\); valid here: .*profiles/],
    ['pluginConfig at the top level', `${HEAD}pluginConfig:\n- name: NodeResourcesFit\n`, /^k\.yaml: unknown field pluginConfig \(pluginConfig belongs in a profile: profiles\[i\]\.pluginConfig\)/],
    ['plugin: instead of plugins:', `${HEAD}profiles:\n- plugin:\n    score: {enabled: [{name: NodeResourcesFit}]}\n`, /^k\.yaml: unknown field profiles\[0\]\.plugin \(did you mean plugins\?\)/],
    ['scoringStrategy {typ: MostAllocated}', withArgs('NodeResourcesFit', '{scoringStrategy: {typ: MostAllocated}}'), /^k\.yaml: unknown field profiles\[0\]\.pluginConfig\[0\]\.args\.scoringStrategy\.typ \(did you mean type\?\)/],
    ['scoringStrategy without a type', withArgs('NodeResourcesFit', '{scoringStrategy: {resources: [{name: cpu}]}}'), /^k\.yaml: profiles\[0\]\.pluginConfig\[0\]\.args\.scoringStrategy\.type: .*got missing/],
    ['hardPodAffinityWeight: "abc"', withArgs('InterPodAffinity', '{hardPodAffinityWeight: "abc"}'), /^k\.yaml: profiles\[0\]\.pluginConfig\[0\]\.args\.hardPodAffinityWeight: expected number, received string, got "abc"/],
    ['hardPodAffinityWeight: 101', withArgs('InterPodAffinity', '{hardPodAffinityWeight: 101}'), /args\.hardPodAffinityWeight: Too big: expected number to be <=100, got 101/],
    ['minCandidateNodesPercentage: 500', withArgs('DefaultPreemption', '{minCandidateNodesPercentage: 500}'), /args\.minCandidateNodesPercentage: Too big: expected number to be <=100, got 500/],
    ['minCandidateNodesAbsolute: -1', withArgs('DefaultPreemption', '{minCandidateNodesAbsolute: -1}'), /args\.minCandidateNodesAbsolute: Too small: expected number to be >=0, got -1/],
    ['both candidate minimums 0', withArgs('DefaultPreemption', '{minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0}'), /minCandidateNodesPercentage: cannot be zero at the same time as minCandidateNodesAbsolute/],
    ['a resource weight of 101', withArgs('NodeResourcesFit', '{scoringStrategy: {type: MostAllocated, resources: [{name: cpu, weight: 101}]}}'), /scoringStrategy\.resources\[0\]\.weight: Too big/],
    ['a shape not increasing', withArgs('NodeResourcesFit', '{scoringStrategy: {type: RequestedToCapacityRatio, requestedToCapacityRatio: {shape: [{utilization: 50, score: 1}, {utilization: 10, score: 2}]}}}'), /shape\[1\]\.utilization: utilization values must be sorted in increasing order/],
    ['a shape score of 11', withArgs('NodeResourcesFit', '{scoringStrategy: {type: RequestedToCapacityRatio, requestedToCapacityRatio: {shape: [{utilization: 0, score: 11}]}}}'), /shape\[0\]\.score: Too big/],
    ['RequestedToCapacityRatio without a shape', withArgs('NodeResourcesFit', '{scoringStrategy: {type: RequestedToCapacityRatio}}'), /needs requestedToCapacityRatio\.shape/],
    ['balanced-allocation weight 2', withArgs('NodeResourcesBalancedAllocation', '{resources: [{name: cpu, weight: 2}]}'), /args\.resources\[0\]\.weight: must be 1/],
    ['default constraints with defaultingType System', withArgs('PodTopologySpread', '{defaultConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}]}'), /args\.defaultingType: must be List when defaultConstraints are given/],
    ['a default constraint with a selector', withArgs('PodTopologySpread', '{defaultingType: List, defaultConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {}}]}'), /labelSelector: a default constraint must not define a selector/],
    ['args for a plugin that takes none', withArgs('TaintToleration', '{weight: 3}'), /profiles\[0\]\.pluginConfig\[0\]\.args: TaintToleration takes no args/],
    ['args under the wrong plugin', withArgs('NodeResourcesFit', '{hardPodAffinityWeight: 5}'), /unknown field profiles\[0\]\.pluginConfig\[0\]\.args\.hardPodAffinityWeight/],
    ['two pluginConfig entries for one plugin', `${HEAD}profiles:\n- pluginConfig: [{name: InterPodAffinity}, {name: InterPodAffinity}]\n`, /profiles\[0\]\.pluginConfig\[1\]: a second pluginConfig entry for InterPodAffinity/],
    ['an unknown plugin', `${HEAD}profiles:\n- plugins: {score: {enabled: [{name: NodeResourcesFitt}]}}\n`, /^k\.yaml: profiles\[0\]\.plugins\.score\.enabled\[0\]\.name: unknown scheduler plugin "NodeResourcesFitt"/],
    ['pluginConfig for an unknown plugin', withArgs('Nope', '{}'), /profiles\[0\]\.pluginConfig\[0\]\.name: unknown scheduler plugin "Nope"/],
    ['a point that does not exist', `${HEAD}profiles: [{plugins: {scoree: {}}}]\n`, /unknown field profiles\[0\]\.plugins\.scoree \(did you mean score\?\)/],
    ['a duplicate schedulerName', `${HEAD}profiles:\n- schedulerName: a\n- schedulerName: a\n`, /^k\.yaml: profiles\[1\]\.schedulerName "a" duplicates profiles\[0\]\.schedulerName/],
    ['several profiles without names', `${HEAD}profiles:\n- schedulerName: a\n- plugins: {}\n`, /profiles\[1\]\.schedulerName is required when there are several profiles/],
    ['queueSort differing between profiles', `${HEAD}profiles:\n- schedulerName: a\n- schedulerName: b\n  plugins: {queueSort: {enabled: [{name: DominantResourceFairness}], disabled: [{name: '*'}]}}\n`, /profiles\[1\]\.plugins\.queueSort must be the same for all profiles/],
    ['percentageOfNodesToScore 101', `${HEAD}percentageOfNodesToScore: 101\n`, /percentageOfNodesToScore: Too big/],
    ['a negative weight', `${HEAD}profiles: [{plugins: {score: {enabled: [{name: NodeResourcesFit, weight: -1}]}}}]\n`, /profiles\[0\]\.plugins\.score\.enabled\[0\]\.weight: Too small/],
    ['extenders', `${HEAD}extenders: [{urlPrefix: 'http://x'}]\n`, /extenders: scheduler extenders \(HTTP callouts\) are not modelled/],
    ['podMaxBackoffSeconds below podInitialBackoffSeconds', `${HEAD}podInitialBackoffSeconds: 10\npodMaxBackoffSeconds: 5\n`, /podMaxBackoffSeconds \(5\) must be at least podInitialBackoffSeconds \(10\)/],
    ['no apiVersion', 'kind: KubeSchedulerConfiguration\n', /^k\.yaml: apiVersion is required/],
    ['an unknown version', 'apiVersion: kubescheduler.config.k8s.io/v1alpha1\nkind: KubeSchedulerConfiguration\n', /apiVersion kubescheduler\.config\.k8s\.io\/v1alpha1 is not supported/],
    ['multiPoint in v1beta2', 'apiVersion: kubescheduler.config.k8s.io/v1beta2\nkind: KubeSchedulerConfiguration\nprofiles: [{plugins: {multiPoint: {}}}]\n', /unknown field profiles\[0\]\.plugins\.multiPoint/],
    ['a v1beta1 plugin in v1', `${HEAD}profiles: [{plugins: {score: {enabled: [{name: NodeResourcesMostAllocated}]}}}]\n`, /plugin NodeResourcesMostAllocated was removed in v1beta2 \(this file is v1\); use NodeResourcesFit args scoringStrategy/],
    ['scoringStrategy in v1beta1', 'apiVersion: kubescheduler.config.k8s.io/v1beta1\nkind: KubeSchedulerConfiguration\nprofiles:\n- pluginConfig: [{name: NodeResourcesFit, args: {scoringStrategy: {type: MostAllocated}}}]\n', /unknown field profiles\[0\]\.pluginConfig\[0\]\.args\.scoringStrategy/],
    ['another document kind', 'kind: Deployment\n', /unsupported document kind "Deployment"/],
  ];
  for (const [name, text, pattern] of cases) {
    it(name, () => expect(() => parseSchedulerConfig(text, 'k.yaml')).toThrow(pattern));
  }
});

describe('errors found by building the profile are raised at load, naming the file', () => {
  const cases: [string, string, RegExp][] = [
    ['a plugin enabled at a point it does not implement', `${HEAD}profiles: [{plugins: {score: {enabled: [{name: NodeName}]}}}]\n`, /^k\.yaml: plugin NodeName does not implement the score extension point/],
    ['no queueSort', `${HEAD}profiles: [{plugins: {queueSort: {disabled: [{name: '*'}]}}}]\n`, /^k\.yaml: exactly one queueSort plugin must be enabled, got none/],
    ['two queueSorts', `${HEAD}profiles: [{plugins: {queueSort: {enabled: [{name: DominantResourceFairness}]}}}]\n`, /^k\.yaml: exactly one queueSort plugin must be enabled, got PrioritySort, DominantResourceFairness/],
  ];
  for (const [name, text, pattern] of cases) {
    // frameworkFromConfig is what the CLI calls before reading any trace: no run, no cluster yet.
    it(name, () => expect(() => frameworkFromConfig(text, 'k.yaml')).toThrow(pattern));
  }
});

describe('fields accepted but not modelled are warned about, not silently ignored', () => {
  it.each([
    ['podInitialBackoffSeconds', `${HEAD}podInitialBackoffSeconds: 2\n`, /podInitialBackoffSeconds is accepted but not modelled/],
  ])('%s', (_name, text, pattern) => {
    const warnings: string[] = [];
    frameworkFromConfig(text, 'k.yaml', {}, warnings);
    expect(warnings.join('\n')).toMatch(new RegExp(`^k\\.yaml: ${pattern.source}`));
  });

  it('fields without effect on a simulation are accepted quietly', () => {
    const c = parseSchedulerConfig(`${HEAD}parallelism: 16\nleaderElection: {leaderElect: false}\nclientConnection: {kubeconfig: /x}\nenableProfiling: true\n`, 'k.yaml');
    expect(c.warnings).toEqual([]);
  });
});

describe('default plugin weights of each version and upstream weight semantics', () => {
  const scores = (text: string) => checkProfile(parseSchedulerConfig(text, 'k.yaml').profiles[0]!, emptyObjects()).enabled.score!.slice().sort();
  const version = (v: string, rest = '') => `apiVersion: kubescheduler.config.k8s.io/${v}\nkind: KubeSchedulerConfiguration\n${rest}`;
  const cases: [string, string, string[]][] = [
    ['v1', version('v1'), ['InterPodAffinity:2', 'NodeAffinity:2', 'NodeResourcesBalancedAllocation:1', 'NodeResourcesFit:1', 'PodTopologySpread:2', 'TaintToleration:3']],
    ['v1beta3', version('v1beta3'), ['InterPodAffinity:2', 'NodeAffinity:2', 'NodeResourcesBalancedAllocation:1', 'NodeResourcesFit:1', 'PodTopologySpread:2', 'TaintToleration:3']],
    ['v1beta2', version('v1beta2'), ['InterPodAffinity:1', 'NodeAffinity:1', 'NodeResourcesBalancedAllocation:1', 'NodeResourcesFit:1', 'PodTopologySpread:2', 'TaintToleration:1']],
    // v1beta1: NodeResourcesFit only filters; NodeResourcesLeastAllocated scores.
    ['v1beta1', version('v1beta1'), ['InterPodAffinity:1', 'NodeAffinity:1', 'NodeResourcesBalancedAllocation:1', 'NodeResourcesFit:1', 'PodTopologySpread:2', 'TaintToleration:1']],
    // An explicitly enabled score plugin without a weight gets 1 (upstream getScoreWeights), not its default.
    ['v1, TaintToleration re-enabled at score without weight', version('v1', 'profiles: [{plugins: {score: {enabled: [{name: TaintToleration}]}}}]\n'), ['InterPodAffinity:2', 'NodeAffinity:2', 'NodeResourcesBalancedAllocation:1', 'NodeResourcesFit:1', 'PodTopologySpread:2', 'TaintToleration:1']],
    ['v1, multiPoint weight', version('v1', 'profiles: [{plugins: {multiPoint: {enabled: [{name: NodeAffinity, weight: 7}]}}}]\n'), ['InterPodAffinity:2', 'NodeAffinity:7', 'NodeResourcesBalancedAllocation:1', 'NodeResourcesFit:1', 'PodTopologySpread:2', 'TaintToleration:3']],
    ['v1, the score weight beats multiPoint', version('v1', 'profiles: [{plugins: {multiPoint: {enabled: [{name: NodeAffinity, weight: 7}]}, score: {enabled: [{name: NodeAffinity, weight: 4}]}}}]\n'), ['InterPodAffinity:2', 'NodeAffinity:4', 'NodeResourcesBalancedAllocation:1', 'NodeResourcesFit:1', 'PodTopologySpread:2', 'TaintToleration:3']],
  ];
  for (const [name, text, expected] of cases) it(name, () => expect(scores(text)).toEqual(expected));

  it('v1beta1: the NodeResourcesFit entry is a filter; scoring is NodeResourcesLeastAllocated', () => {
    const built = checkProfile(parseSchedulerConfig(version('v1beta1'), 'k.yaml').profiles[0]!, emptyObjects());
    expect(built.filters.map((f) => f.name)).toContain('NodeResourcesFit');
    expect(built.scores.filter((s) => s.plugin.name === 'NodeResourcesFit')).toHaveLength(1); // the LeastAllocated plugin scores under this name
    const disabled = checkProfile(parseSchedulerConfig(version('v1beta1', 'profiles: [{plugins: {score: {disabled: [{name: NodeResourcesLeastAllocated}]}}}]\n'), 'k.yaml').profiles[0]!, emptyObjects());
    expect(disabled.scores.map((s) => s.plugin.name)).not.toContain('NodeResourcesFit');
  });

  it('v1beta1 RequestedToCapacityRatio args {shape, resources} keep their shape', () => {
    const text = version('v1beta1', 'profiles:\n- plugins: {score: {enabled: [{name: RequestedToCapacityRatio, weight: 2}]}}\n  pluginConfig: [{name: RequestedToCapacityRatio, args: {shape: [{utilization: 0, score: 0}, {utilization: 100, score: 10}]}}]\n');
    expect(scores(text)).toContain('NodeResourcesFit:2');
  });
});

describe('tolerations: an empty operator is Equal (upstream ToleratesTaint)', () => {
  const taint = { key: 'k', value: 'v', effect: 'NoSchedule' as const };
  it.each([
    ['operator "" and the same value', { key: 'k', operator: '', value: 'v' }, true],
    ['operator "" and another value', { key: 'k', operator: '', value: 'w' }, false],
    ['operator "" without value, taint with a value', { key: 'k', operator: '' }, false],
  ])('%s', (_name, t, expected) => expect(toleratesTaint(t as unknown as Toleration, taint)).toBe(expected));

  it('the job schema reads operator "" as Equal', () => {
    const job = JobSchema.parse({ id: 'p', submit: 0, tasks: 1, request: {}, runtime: 1, estimate: 1, constraints: { tolerations: [{ key: 'k', operator: '', value: 'v' }] } });
    expect(job.constraints!.tolerations![0]!.operator).toBe('Equal');
  });
});
