import { describe, expect, it } from 'vitest';
import { KubernetesParser } from '../../traces/kubernetes.ts';
import { parseTexts } from '../../traces/parser.ts';
import { errorOf } from '../helpers/traces.ts';
import { formatCanonical, parseCanonical } from '../../workloads/canonical.ts';
import { DEFAULT_OPTIONS, runSimulation } from '../../experiments/run/simulate.ts';
import { frameworkFromConfig } from '../../experiments/run/scheduler-choice.ts';

const read = (...texts: string[]) => parseTexts(new KubernetesParser(), texts.map((text, i) => ({ file: `s${i}.${text.trimStart().startsWith('{') ? 'json' : 'yaml'}`, table: 'objects', text })));

/** What `kubectl get nodes,pods -A -o json` prints (trimmed to the fields read). */
const SNAPSHOT = JSON.stringify(
  {
    apiVersion: 'v1',
    kind: 'List',
    metadata: { resourceVersion: '' },
    items: [
      {
        apiVersion: 'v1', kind: 'Node',
        metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1', 'failure-domain.beta.kubernetes.io/zone': 'z1', 'nvidia.com/gpu.product': 'A100' } },
        spec: { taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] },
        status: { capacity: { cpu: '16', memory: '64Gi', pods: '110', 'nvidia.com/gpu': '4' }, allocatable: { cpu: '15500m', memory: '63Gi', pods: '110', 'nvidia.com/gpu': '4', 'ephemeral-storage': '100Gi' } },
      },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2' }, spec: { unschedulable: true }, status: { capacity: { cpu: 8, memory: '32Gi' } } },
      {
        apiVersion: 'v1', kind: 'Pod',
        metadata: { name: 'web-1', namespace: 'shop', labels: { app: 'web' } },
        spec: {
          nodeName: 'n1', priority: 1000, priorityClassName: 'high',
          initContainers: [{ name: 'init', resources: { requests: { cpu: '2', memory: '1Gi' } } }],
          containers: [
            { name: 'a', resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1', 'nvidia.com/gpu': '1' } } },
            { name: 'b', resources: { limits: { cpu: '250m', memory: '256Mi' } } },
            { name: 'c' },
          ],
          overhead: { cpu: '100m' },
          tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }],
          nodeSelector: { disk: 'ssd' },
          affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } },
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }],
        },
        status: { phase: 'Running' },
      },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'done' }, spec: { containers: [{ name: 'x' }] }, status: { phase: 'Succeeded' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pending' }, spec: { containers: [{ name: 'x', resources: { requests: { cpu: 1 } } }] }, status: { phase: 'Pending' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' } },
    ],
  },
  null,
  2,
);

describe('Kubernetes snapshot importer', () => {
  it('maps nodes: allocatable in canonical units, labels, taints, cordons', () => {
    const w = read(SNAPSHOT);
    expect(w.cluster).toEqual({
      resources: ['cpu', 'memory', 'pods', 'gpu', 'ephemeral-storage'],
      nodes: [
        {
          id: 'n1', capacity: { cpu: 15.5, memory: 63 * 1024, pods: 110, gpu: 4, 'ephemeral-storage': 100 * 1024 },
          labels: { 'kubernetes.io/hostname': 'n1', 'failure-domain.beta.kubernetes.io/zone': 'z1', 'nvidia.com/gpu.product': 'A100', 'clusterlab/gpu-model': 'A100', 'topology.kubernetes.io/zone': 'z1' },
          taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }],
        },
        { id: 'n2', capacity: { cpu: 8, memory: 32 * 1024 }, unschedulable: true },
      ],
    });
    expect(w.repaired).toEqual({ allocatable_missing_capacity_used: 1 });
  });

  it('maps pods: requests summed (limits where no request, init containers, overhead), constraints as in the Pod spec', () => {
    const w = read(SNAPSHOT);
    expect(w.jobs).toEqual([
      {
        id: 'shop/web-1', submit: 0, tasks: 1,
        // containers 0.5 + 0.25 cpu, 512 + 256 MiB, 1 GPU; init container 2 cpu is larger: 2; overhead 0.1
        request: { cpu: 2.1, memory: 1024, gpu: 1, pods: 1 },
        runtime: Infinity, estimate: Infinity, priority: 1000, priorityClass: 'high', user: null, group: null, queue: null, dependencies: [], logStatus: 'Running', logWait: null,
        kind: 'pod', tenant: 'shop', labels: { app: 'web' },
        // Several containers, an init container and an overhead: the containers are kept (the scheduler's non-zero requests need them).
        pod: {
          containers: [{ request: { cpu: 0.5, memory: 512, gpu: 1 } }, { request: { cpu: 0.25, memory: 256 } }, { request: {} }],
          initContainers: [{ request: { cpu: 2, memory: 1024 } }],
          overhead: { cpu: 0.1 },
        },
        constraints: {
          nodeName: 'n1', nodeSelector: { disk: 'ssd' }, tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }],
          affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } },
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }],
        },
      },
      { id: 'default/pending', submit: 0, tasks: 1, request: { cpu: 1, pods: 1 }, runtime: Infinity, estimate: Infinity, priority: 0, user: null, group: null, queue: null, dependencies: [], logStatus: 'Pending', logWait: null, kind: 'pod', tenant: 'default' },
    ]);
    expect(w.dropped).toEqual({ pod_succeeded: 1, kind_Service: 1 });
    expect(w.records).toEqual({ objects: 6, 'objects.Node': 2, 'objects.Pod': 3, 'objects.Service': 1 });
  });

  it('reads the same objects from YAML manifests as from the JSON List', () => {
    const json = read(SNAPSHOT);
    const items = (JSON.parse(SNAPSHOT) as { items: unknown[] }).items;
    const yaml = read(items.map((o) => `---\n# a comment\n${JSON.stringify(o)}\n`).join(''));
    expect(yaml.jobs).toEqual(json.jobs);
    expect(yaml.cluster).toEqual(json.cluster);
  });

  it('expands controllers: replicas of the template, GPU annotations, DaemonSets on the nodes that admit them', () => {
    const deploy = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, annotations: {alibabacloud.com/gpu-count: "1", alibabacloud.com/gpu-milli: "250"}}
spec:
  replicas: 2
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, resources: {requests: {cpu: 1, memory: 1Gi}}}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  template:
    metadata: {annotations: {alibabacloud.com/gpu-count: "2", alibabacloud.com/gpu-mem: 1Gi}}
    spec: {containers: [{name: c}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  template:
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      containers: [{name: c, resources: {requests: {cpu: 100m}}}]
---
apiVersion: v1
kind: Node
metadata: {name: a, labels: {kubernetes.io/os: linux}}
status: {allocatable: {cpu: 4}}
---
apiVersion: v1
kind: Node
metadata: {name: b, labels: {kubernetes.io/os: windows}}
status: {allocatable: {cpu: 4}}
---
apiVersion: v1
kind: Node
metadata: {name: c, labels: {kubernetes.io/os: linux}}
spec: {taints: [{key: dedicated, effect: NoSchedule}]}
status: {allocatable: {cpu: 4}}
`;
    const w = read(deploy);
    expect(w.jobs.map((j) => [j.id, j.request, j.gpu, j.labels, j.constraints])).toEqual([
      ['shop/web-0', { cpu: 1, memory: 1024, pods: 1, gpu: 0.25 }, { count: 1, milli: 250 }, { app: 'web' }, undefined],
      ['shop/web-1', { cpu: 1, memory: 1024, pods: 1, gpu: 0.25 }, { count: 1, milli: 250 }, { app: 'web' }, undefined],
      ['default/pi-0', { pods: 1, 'alibabacloud.com/gpu-mem': 2048 }, undefined, undefined, undefined],
      ['kube-system/agent-a', { cpu: 0.1, pods: 1 }, undefined, undefined, { nodeSelector: { 'kubernetes.io/os': 'linux' }, nodeName: 'a' }],
    ]);
  });

  it('keeps spec.schedulerName when it is not the API server default (absent means default-scheduler)', () => {
    const pod = (name: string, scheduler: string) => `---\napiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec: {schedulerName: ${scheduler}, containers: [{name: c}]}\n`;
    const w = read(pod('a', 'bin-packing') + pod('b', 'default-scheduler'));
    expect(w.jobs.map((j) => j.constraints)).toEqual([{ schedulerName: 'bin-packing' }, undefined]);
    expect(errorOf(() => read(pod('c', '[x]'))).message).toBe('s0.yaml:2: must be a string (field spec.schedulerName, value "[\\"x\\"]")');
  });

  it('reads Namespace objects as their labels (kept through the canonical file), and the scheduler matches them', () => {
    const text = [
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: team-b, labels: {tier: prod}}',
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: team-c}',
      'kind: Node\nmetadata: {name: a, labels: {disk: ssd}}\nstatus: {allocatable: {cpu: 8, memory: 8Gi, pods: 110}}',
      'kind: Node\nmetadata: {name: b}\nstatus: {allocatable: {cpu: 8, memory: 8Gi, pods: 110}}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: team-b, labels: {app: web}}\nspec: {nodeName: a, containers: [{name: c, resources: {requests: {cpu: 1}}}]}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: api}\nspec:\n  nodeSelector: {disk: ssd}\n  containers: [{name: c, resources: {requests: {cpu: 1}}}]\n  affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: web}}, topologyKey: kubernetes.io/hostname, namespaceSelector: {matchLabels: {tier: prod}}}]}}',
    ].join('\n---\n');
    const w = read(text);
    expect(w.namespaces).toEqual({ 'team-b': { tier: 'prod' }, 'team-c': {} });
    expect(w.dropped).toEqual({});
    expect(parseCanonical([...formatCanonical(w)].join('')).namespaces).toEqual(w.namespaces);
    const run = (workload: typeof w) => {
      const out = runSimulation(workload, workload.cluster!, { ...DEFAULT_OPTIONS, policy: frameworkFromConfig(null, '<default>') });
      return out.nodes[workload.jobs.findIndex((j) => j.id === 'default/api')];
    };
    // api must run on a (disk: ssd), where web of team-b runs. team-b is tier=prod, so api's anti-affinity keeps it off a: it never starts.
    expect(run(w)).toBeNull();
    // Without the Namespace objects no namespace is tier=prod: the term matches nothing, and api runs on a (node 0).
    const { namespaces: _n, ...bare } = w;
    expect(run(bare as typeof w)).toBe('0');
    expect(errorOf(() => read('kind: Namespace\nmetadata: {name: x, labels: {n: 3}}')).message).toMatch(/must be a string .*field metadata\.labels\.n/);
  });

  it('names the file, the line of the object and the field path of a bad value', () => {
    const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${spec}`;
    expect(errorOf(() => read('---\n' + pod('  containers: [{name: c, resources: {requests: {cpu: lots}}}]'))).message).toBe('s0.yaml:2: not a resource quantity (field spec.containers[0].resources.requests.cpu, value "lots")');
    expect(errorOf(() => read(pod('  containers: [{name: c}]\n  tolerations: [{key: k, operator: Maybe}]'))).message).toMatch(/^s0.yaml:1: bad toleration: .* \(field spec.tolerations\[0\].operator, value "Maybe"\)$/);
    expect(errorOf(() => read(pod('  containers: [{name: c}]\n  nodeSelector: {ssd: true}'))).message).toBe('s0.yaml:1: must be a string (quote it in YAML) (field spec.nodeSelector.ssd, value "true")');
    expect(errorOf(() => read(pod('  containers: []'))).message).toMatch(/a pod needs at least one container \(field spec.containers/);
    expect(errorOf(() => read('kind: Node\nmetadata: {name: n}\nspec: {taints: [{key: k, effect: Never}]}\nstatus: {allocatable: {cpu: 1}}')).message).toMatch(/effect must be NoSchedule, PreferNoSchedule or NoExecute \(field spec.taints\[0\].effect, value "Never"\)/);
    expect(errorOf(() => read('kind: Service\nmetadata: {name: s}\n---\nkind: Pod\nmetadata: {name: [x\n')).message).toMatch(/^s0.yaml:[56]:\d+: not valid YAML: /);
    expect(errorOf(() => read('{"apiVersion": "v1"}')).message).toBe('s0.json:1: not a Kubernetes object: no kind (field kind, value "missing")');
    expect(errorOf(() => read('kind: Node\nmetadata: {name: a}\nstatus: {allocatable: {cpu: 1}}\n---\nkind: Node\nmetadata: {name: a}\nstatus: {allocatable: {cpu: 1}}')).message).toBe('s0.yaml:5: node listed twice (first in s0.yaml) (field metadata.name, value "a")');
  });
});
