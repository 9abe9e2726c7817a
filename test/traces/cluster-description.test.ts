import { describe, expect, it } from 'vitest';
import { Cluster } from '../../sim/cluster.ts';
import { parseClusterDescription } from '../../traces/cluster-description.ts';
import { errorOf } from '../helpers/traces.ts';

const YAML = `# two groups across zones and racks
resources: [cpu, memory, gpu]
groups:
  - name: gpu
    count: 4
    capacity: {cpu: 64, memory: 256Gi, gpu: 8}
    labels: {clusterlab/gpu-model: A100}
    taints: [{key: nvidia.com/gpu, value: present, effect: NoSchedule}]
    zones: [a, b]
    nodes_per_rack: 1
  - name: cpu
    count: 3
    capacity: {cpu: 500m, memory: 1024}
    nodes_per_rack: 2
nodes:
  - {id: big, capacity: {cpu: 128, memory: 1048576}, unschedulable: true}
`;

describe('cluster descriptions', () => {
  it('expands node groups with zones, racks, labels, taints and Kubernetes quantities', () => {
    const spec = parseClusterDescription(YAML, 'c.yaml');
    expect(spec.resources).toEqual(['cpu', 'memory', 'gpu']);
    expect(spec.nodes.map((n) => [n.id, n.labels!['topology.kubernetes.io/zone'], n.labels!['clusterlab/rack']])).toEqual([
      ['gpu-0', 'a', 'gpu-a-r0'],
      ['gpu-1', 'b', 'gpu-b-r0'],
      ['gpu-2', 'a', 'gpu-a-r1'],
      ['gpu-3', 'b', 'gpu-b-r1'],
      ['cpu-0', undefined, 'cpu-r0'],
      ['cpu-1', undefined, 'cpu-r0'],
      ['cpu-2', undefined, 'cpu-r1'],
      ['big', undefined, undefined],
    ]);
    expect(spec.nodes[0]).toEqual({
      id: 'gpu-0',
      capacity: { cpu: 64, memory: 262144, gpu: 8 },
      labels: { 'kubernetes.io/hostname': 'gpu-0', 'clusterlab/node-group': 'gpu', 'topology.kubernetes.io/zone': 'a', 'clusterlab/rack': 'gpu-a-r0', 'clusterlab/gpu-model': 'A100' },
      taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
    });
    expect(spec.nodes[4]!.capacity).toEqual({ cpu: 0.5, memory: 1024 });
    expect(spec.nodes[7]!.unschedulable).toBe(true);
    // The engine accepts it as it is.
    const cluster = new Cluster(spec);
    expect(cluster.totalCapacity(0)).toBe(4 * 64 + 3 * 0.5 + 128);
  });

  it('reads JSON the same as YAML', () => {
    const json = JSON.stringify({ groups: [{ name: 'n', count: 2, capacity: { cpu: 4 } }] });
    expect(parseClusterDescription(json).nodes.map((n) => n.id)).toEqual(['n-0', 'n-1']);
  });

  it('names file, line and field path of a bad field', () => {
    const bad = (from: string, to: string) => errorOf(() => parseClusterDescription(YAML.replace(from, to), 'c.yaml')).message;
    expect(bad('count: 4', 'count: -4')).toMatch(/^c.yaml:5: bad cluster description: .* \(field groups.0.count, value "-4"\)$/);
    expect(bad('effect: NoSchedule', 'effect: Sometimes')).toMatch(/^c.yaml:8: bad cluster description: .* \(field groups.0.taints.0.effect, value "\\"Sometimes\\""\)$/);
    expect(bad('memory: 1024}', 'memory: lots}')).toBe('c.yaml:13: bad cluster description: not a quantity (field groups.1.capacity.memory, value "\\"lots\\"")');
    expect(bad('zones: [a, b]', 'zone: a')).toMatch(/^c.yaml:\d+: bad cluster description: .*zone.* \(field groups.0/);
    expect(bad('name: cpu', 'name: gpu')).toBe('c.yaml:11: bad cluster description: duplicate node id (field groups.1.name, value "gpu-0")');
    expect(bad('resources: [cpu, memory, gpu]', 'resources: [cpu, memory]')).toMatch(/resource gpu of node gpu-0 is not in resources/);
    expect(errorOf(() => parseClusterDescription('groups: [', 'c.yaml')).message).toMatch(/^c.yaml:1:\d+: not valid YAML or JSON/);
    expect(errorOf(() => parseClusterDescription('groups: []', 'c.yaml')).message).toBe('c.yaml:1: bad cluster description: a cluster needs at least one group or node (field (description), value "{\\"groups\\":[]}")');
  });
});
