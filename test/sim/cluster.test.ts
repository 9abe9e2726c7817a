import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cluster, homogeneousCluster } from '../../sim/cluster.ts';
import { SimulationError } from '../../sim/errors.ts';

const twoResources = () =>
  new Cluster({
    nodes: [
      { id: 'a', capacity: { cpu: 4, memory: 8 } },
      { id: 'b', capacity: { cpu: 8, memory: 4 } },
      { id: 'c', capacity: { cpu: 2, memory: 16, gpu: 1 } },
    ],
  });

describe('Cluster', () => {
  it('collects resources in first-seen order and sums capacities', () => {
    const c = twoResources();
    expect(c.resources).toEqual(['cpu', 'memory', 'gpu']);
    expect(c.totalCapacity(0)).toBe(14);
    expect(c.totalCapacity(2)).toBe(1);
    expect(c.capacityOf(0, 2)).toBe(0);
  });

  it('allocates and releases, keeping totals', () => {
    const c = twoResources();
    const req = [1, 2, 0];
    c.allocate({ nodes: [0, 1], counts: [2, 1] }, req, 3, 'x', 'test', 0);
    expect(c.freeOf(0, 0)).toBe(2);
    expect(c.freeOf(0, 1)).toBe(4);
    expect(c.freeOf(1, 1)).toBe(2);
    expect(c.totalFree(0)).toBe(11);
    expect(c.checkConsistency()).toBeNull();
    c.release({ nodes: [0, 1], counts: [2, 1] }, req);
    expect(c.totalFree(0)).toBe(14);
    expect(c.freeOf(0, 1)).toBe(8);
  });

  it('refuses over-commit, names the source, and changes nothing', () => {
    const c = twoResources();
    expect(() => c.allocate({ nodes: [0, 1], counts: [1, 3] }, [1, 2, 0], 4, 'x', 'my-policy', 7)).toThrow(SimulationError);
    expect(() => c.allocate({ nodes: [1], counts: [3] }, [1, 2, 0], 3, 'x', 'my-policy', 7)).toThrow(/my-policy at t=7: over-commit refused: job x needs 6 memory on node b/);
    expect(c.totalFree(0)).toBe(14);
    expect(c.freeOf(0, 0)).toBe(4);
    expect(() => c.allocate({ nodes: [5], counts: [1] }, [1, 0, 0], 1, 'x', 'p', 0)).toThrow(/node index 5/);
    expect(() => c.allocate({ nodes: [0], counts: [0] }, [1, 0, 0], 0, 'x', 'p', 0)).toThrow(/positive integers/);
    expect(() => c.allocate({ nodes: [0, 0], counts: [1, 1] }, [1, 0, 0], 2, 'x', 'p', 0)).toThrow(/names node 0 twice/);
    expect(() => c.allocate({ nodes: [0, 1], counts: [1, 1] }, [1, 0, 0], 3, 'x', 'p', 0)).toThrow(/holds 2 task\(s\); the job has 3/);
    expect(() => c.allocate({ nodes: [0, 1], counts: [1] }, [1, 0, 0], 1, 'x', 'p', 0)).toThrow(/2 node\(s\) and 1 count/);
    // after every refusal, nothing changed
    expect(c.checkConsistency()).toBeNull();
    expect([0, 1, 2].map((n) => c.freeOf(n, 0))).toEqual([4, 8, 2]);
  });

  it('counts tasks that fit on a node and on the empty cluster', () => {
    const c = twoResources();
    expect(c.tasksThatFit(0, [1, 3, 0])).toBe(2);
    expect(c.tasksThatFit(2, [0, 0, 1])).toBe(1);
    expect(c.tasksThatFitEmpty([2, 2, 0])).toBe(2 + 2 + 1);
    expect(c.tasksThatFitEmpty([0, 0, 2])).toBe(0);
  });

  it('firstFit finds the leftmost fitting node at or after `from`', () => {
    const c = twoResources();
    expect(c.firstFit([3, 1, 0])).toBe(0);
    expect(c.firstFit([3, 9, 0])).toBe(-1);
    expect(c.firstFit([5, 1, 0])).toBe(1);
    expect(c.firstFit([1, 1, 0], 1)).toBe(1);
    expect(c.firstFit([1, 1, 0], 3)).toBe(-1);
    expect(c.firstFit([0, 9, 0])).toBe(2);
  });

  it('firstFit agrees with a linear scan after any allocations', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.tuple(fc.nat(39), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), { maxLength: 60 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.nat(45)), { maxLength: 20 }),
        (n, allocations, queries) => {
          const c = new Cluster({ nodes: Array.from({ length: n }, (_, i) => ({ id: `n${i}`, capacity: { cpu: 4, memory: 4 } })) });
          for (const [node, cpu, mem] of allocations) {
            if (node < n && c.freeOf(node, 0) >= cpu && c.freeOf(node, 1) >= mem && cpu + mem > 0) c.allocate({ nodes: [node], counts: [1] }, [cpu, mem], 1, 'job', 't', 0);
          }
          for (const [cpu, mem, from] of queries) {
            let expected = -1;
            for (let i = from; i < n; i++) {
              if (c.freeOf(i, 0) >= cpu && c.freeOf(i, 1) >= mem) {
                expected = i;
                break;
              }
            }
            expect(c.firstFit([cpu, mem], from)).toBe(expected);
          }
        },
      ),
    );
  });

  // The tree is refreshed lazily and one-resource clusters also keep a bitmap of nodes with a unit
  // free: whatever the mix of allocations, releases, failures, new nodes and queries, every way of
  // asking "where does it fit" must agree with a scan of the free amounts.
  it('first fit agrees with a scan through any mix of allocations, releases, failures and new nodes', () => {
    const scanPlacement = (c: Cluster, req: number[], tasks: number) => {
      const nodes: number[] = [];
      const counts: number[] = [];
      let left = tasks;
      for (let i = 0; i < c.nodeCount && left > 0; i++) {
        const fit = Math.min(left, c.tasksThatFit(i, req));
        if (fit > 0) {
          nodes.push(i);
          counts.push(fit);
          left -= fit;
        }
      }
      return left === 0 ? { nodes, counts } : null;
    };
    const op = fc.oneof(
      fc.record({ kind: fc.constant('alloc' as const), tasks: fc.integer({ min: 1, max: 12 }), q: fc.constantFrom(1, 2, 0.5) }),
      fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('down' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('add' as const), cpu: fc.integer({ min: 0, max: 4 }) }),
      fc.record({ kind: fc.constant('query' as const), tasks: fc.integer({ min: 1, max: 20 }), q: fc.constantFrom(1, 2, 0.5, 3), from: fc.nat(60) }),
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 300 }), fc.array(op, { maxLength: 80 }), (capacities, ops) => {
        const c = new Cluster({ nodes: capacities.map((cpu, i) => ({ id: `n${i}`, capacity: { cpu } })) });
        const running: { nodes: number[]; counts: number[]; q: number }[] = [];
        let added = 0;
        for (const o of ops) {
          if (o.kind === 'alloc') {
            const p = c.firstFitPlacement([o.q], o.tasks);
            expect(p).toEqual(scanPlacement(c, [o.q], o.tasks));
            if (p) {
              c.allocate(p, [o.q], o.tasks, 'j', 't', 0);
              running.push({ nodes: [...p.nodes], counts: [...p.counts], q: o.q });
            }
          } else if (o.kind === 'release' && running.length > 0) {
            const [r] = running.splice(o.pick % running.length, 1);
            c.release(r!, [r!.q]);
          } else if (o.kind === 'down') {
            const node = o.pick % c.nodeCount;
            const busy = running.some((r) => r.nodes.includes(node));
            if (!busy) c.setUp(node, !c.isUp(node));
          } else if (o.kind === 'add') {
            c.addNode({ id: `new${added++}`, capacity: { cpu: o.cpu } });
          } else if (o.kind === 'query') {
            expect(c.firstFitPlacement([o.q], o.tasks)).toEqual(scanPlacement(c, [o.q], o.tasks));
            let expected = -1;
            for (let i = o.from; i < c.nodeCount; i++) {
              if (c.tasksThatFit(i, [o.q]) > 0) {
                expected = i;
                break;
              }
            }
            expect(c.firstFit([o.q], o.from)).toBe(expected);
          }
          expect(c.checkConsistency()).toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('rejects bad specs', () => {
    expect(() => new Cluster({ nodes: [] })).toThrow(/at least one node/);
    expect(() => new Cluster({ nodes: [{ id: 'a', capacity: { cpu: -1 } }] })).toThrow(/non-negative/);
    expect(() => new Cluster({ nodes: [{ id: 'a', capacity: { cpu: 1 } }, { id: 'a', capacity: { cpu: 1 } }] })).toThrow(/duplicate/);
    expect(() => homogeneousCluster(0, { cpu: 1 })).toThrow(/positive/);
  });
});
