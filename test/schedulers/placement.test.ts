import { describe, expect, it } from 'vitest';
import { Cluster } from '../../sim/cluster.ts';
import { JobTable, type SimJob } from '../../sim/jobs.ts';
import { lookup, placements } from '../../schedulers/registry.ts';

/** Nodes with 4, 2, 8 and 2 free cpus (capacity 8 each) and plenty of memory. */
function cluster(): Cluster {
  const c = new Cluster({ nodes: ['n0', 'n1', 'n2', 'n3'].map((id) => ({ id, capacity: { cpu: 8, memory: 64 } })) });
  c.allocate({ nodes: [0, 1, 3], counts: [4, 6, 6] }, [1, 0], 16, 'setup', 'setup', 0);
  return c;
}

function job(tasks: number, cpu: number, memory = 0): JobTable {
  const j: SimJob = { id: 'j', submit: 0, tasks, request: { cpu, memory }, runtime: 1, estimate: 1 };
  return new JobTable([j], ['cpu', 'memory']);
}

const cases: { policy: string; tasks: number; cpu: number; nodes: number[]; counts: number[] }[] = [
  { policy: 'first-fit', tasks: 1, cpu: 2, nodes: [0], counts: [1] },
  { policy: 'first-fit', tasks: 5, cpu: 1, nodes: [0, 1], counts: [4, 1] },
  { policy: 'first-fit', tasks: 2, cpu: 3, nodes: [0, 2], counts: [1, 1] },
  // best fit: the node left fullest: n1 or n3 (2 free, ties by index) before n0 (4) before n2 (8)
  { policy: 'best-fit', tasks: 1, cpu: 2, nodes: [1], counts: [1] },
  { policy: 'best-fit', tasks: 3, cpu: 2, nodes: [1, 3, 0], counts: [1, 1, 1] },
  { policy: 'best-fit', tasks: 2, cpu: 3, nodes: [0, 2], counts: [1, 1] },
  // worst fit: the node left emptiest: n2 (8 free) takes tasks until it is no emptier than n0
  { policy: 'worst-fit', tasks: 1, cpu: 1, nodes: [2], counts: [1] },
  { policy: 'worst-fit', tasks: 6, cpu: 1, nodes: [0, 2], counts: [1, 5] },
  // ten tasks: n2 x4 (down to n0's level), then n0 and n2 alternate (ties to the lower index), then n1
  { policy: 'worst-fit', tasks: 10, cpu: 1, nodes: [0, 1, 2], counts: [3, 1, 6] },
];

describe('placement policies', () => {
  for (const c of cases) {
    it(`${c.policy}: ${c.tasks} task(s) of ${c.cpu} cpu`, () => {
      const policy = lookup(placements, c.policy);
      const p = policy.place(0, job(c.tasks, c.cpu), cluster());
      expect(p).toEqual({ nodes: c.nodes, counts: c.counts });
    });
  }

  for (const name of placements.names()) {
    it(`${name} returns null when the tasks do not all fit`, () => {
      const policy = lookup(placements, name);
      expect(policy.place(0, job(3, 4), cluster())).not.toBeNull(); // n0 holds one 4-cpu task, n2 two
      expect(policy.place(0, job(4, 4), cluster())).toBeNull();
      expect(policy.place(0, job(1, 1, 65), cluster())).toBeNull();
    });
  }
});

describe('placements skip cordoned nodes', () => {
  // n0 cordoned: the same requests land elsewhere, and a request only n0 could hold does not fit.
  const cordonedCases: { policy: string; tasks: number; cpu: number; nodes: number[]; counts: number[] }[] = [
    { policy: 'first-fit', tasks: 1, cpu: 2, nodes: [1], counts: [1] },
    { policy: 'first-fit', tasks: 5, cpu: 1, nodes: [1, 2], counts: [2, 3] },
    { policy: 'best-fit', tasks: 3, cpu: 2, nodes: [1, 3, 2], counts: [1, 1, 1] },
    { policy: 'worst-fit', tasks: 6, cpu: 1, nodes: [2], counts: [6] },
  ];
  for (const c of cordonedCases) {
    it(`${c.policy}: ${c.tasks} task(s) of ${c.cpu} cpu with n0 cordoned`, () => {
      const cl = cluster();
      cl.setUnschedulable(0, true);
      expect(cl.cordoned).toBe(1);
      expect(lookup(placements, c.policy).place(0, job(c.tasks, c.cpu), cl)).toEqual({ nodes: c.nodes, counts: c.counts });
      cl.setUnschedulable(0, false);
      expect(cl.cordoned).toBe(0);
    });
  }
  for (const name of placements.names()) {
    it(`${name}: a job that fits only with the cordoned node does not fit`, () => {
      const cl = cluster();
      cl.setUnschedulable(2, true); // n2 holds the 8 free cpus
      expect(lookup(placements, name).place(0, job(1, 5), cl)).toBeNull();
    });
  }
});
