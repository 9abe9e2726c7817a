import { describe, expect, it } from 'vitest';
import { withPodLimit } from '../../experiments/run/pod-limit.ts';
import { loadWorkload } from '../../experiments/run/load.ts';
import { columnsOf, lazyJobList, plainJobs, type JobColumns } from '../../sim/job-columns.ts';
import { JobTable, type SimJob } from '../../sim/jobs.ts';

const REQUEST = Object.freeze({ cpu: 2, fpga: 1 });

/** Columns over plain arrays, counting the job objects made. */
function columns(submit: number[], over: Partial<Record<'runtime' | 'estimate' | 'tasks', number[]>> = {}): JobColumns<SimJob> & { made: number } {
  const at = (xs: number[] | undefined, i: number, otherwise: number) => xs?.[i] ?? otherwise;
  const c = {
    count: submit.length,
    made: 0,
    request: REQUEST,
    priority: 0,
    submit: (i: number) => submit[i]!,
    runtime: (i: number) => at(over.runtime, i, 10 + i),
    estimate: (i: number) => at(over.estimate, i, 20 + i),
    tasks: (i: number) => at(over.tasks, i, 1 + (i % 3)),
    id: (i: number) => `j${i}`,
    user: (i: number) => (i % 2 === 0 ? `u${i % 4}` : null),
    job: (i: number): SimJob => {
      c.made++;
      return { id: c.id(i), submit: c.submit(i), tasks: c.tasks(i), request: REQUEST, runtime: c.runtime(i), estimate: c.estimate(i), priority: 0, user: c.user(i) };
    },
  };
  return c;
}

/** The table's arrays, to compare two tables. */
function contents(t: JobTable) {
  const n = t.count;
  return {
    ids: t.ids.slice(0, n),
    users: t.users.slice(0, n),
    input: t.input.slice(0, n).map((j) => j.id),
    submit: [...t.submit.subarray(0, n)],
    runtime: [...t.runtime.subarray(0, n)],
    estimate: [...t.estimate.subarray(0, n)],
    priority: [...t.priority.subarray(0, n)],
    tasks: [...t.tasks.subarray(0, n)],
    request: [...t.request.subarray(0, n * t.resources.length)],
    total: [...t.total.subarray(0, n * t.resources.length)],
    inputIndex: [...t.inputIndex.subarray(0, n)],
    unknownResources: t.unknownResources.slice(0, n),
  };
}

describe('lazy job list', () => {
  it('knows its length and its columns without making a job object', () => {
    const c = columns([0, 1, 2]);
    const list = lazyJobList(c);
    expect(list.length).toBe(3);
    expect(columnsOf(list)).toBe(c);
    expect(c.made).toBe(0);
    expect(columnsOf([{ id: 'x', submit: 0, tasks: 1, request: {}, runtime: 1, estimate: 1 }])).toBeUndefined();
  });

  it('is a plain array of the jobs on any other use, made once; its columns are then forgotten', () => {
    const c = columns([0, 1, 2]);
    const list = lazyJobList(c);
    expect(Array.isArray(list)).toBe(true);
    expect(list[1]!.id).toBe('j1');
    expect(c.made).toBe(3);
    expect(list.map((j) => j.id)).toEqual(['j0', 'j1', 'j2']);
    expect([...list].length).toBe(3);
    expect(JSON.parse(JSON.stringify(list))[2].id).toBe('j2');
    expect(Object.keys(list)).toEqual(['0', '1', '2']);
    expect(c.made).toBe(3);
    expect(columnsOf(list)).toBeUndefined();
    list.push(list[0]!);
    expect(list.length).toBe(4);
    expect(list).toEqual([c.job(0), c.job(1), c.job(2), c.job(0)]);
  });

  it('gives its plain array of jobs, made once, to a reader that would otherwise go through the proxy', () => {
    const c = columns([0, 1]);
    const list = lazyJobList(c);
    const plain = plainJobs(list);
    expect(plain).not.toBe(list);
    expect(plain).toEqual(list);
    expect(plain[1]).toBe(list[1]);
    expect(plainJobs(list)).toBe(plain);
    expect(c.made).toBe(2);
    const array = [c.job(0)];
    expect(plainJobs(array)).toBe(array);
  });

  it('makes the jobs on a write too, before the write', () => {
    const c = columns([0, 1]);
    const list = lazyJobList(c);
    list.push(c.job(5));
    expect(list.map((j) => j.id)).toEqual(['j0', 'j1', 'j5']);
    expect(columnsOf(list)).toBeUndefined();
  });
});

describe('job table from columns', () => {
  it('holds what it holds when built from the job objects, sorted or not, without making them until input is read', () => {
    for (const submit of [[0, 0, 5, 7, 7, 9], [9, 3, 3, 0, 12, 3]]) {
      const c = columns(submit);
      const table = new JobTable(lazyJobList(c), ['cpu', 'memory']);
      expect(table.count).toBe(submit.length);
      expect(table.ids.length).toBe(submit.length);
      expect(c.made).toBe(0);
      const fromObjects = new JobTable(submit.map((_, i) => c.job(i)), ['cpu', 'memory']);
      expect(contents(table)).toEqual(contents(fromObjects));
      // input holds the very objects of the list (a policy may compare them).
      const list = lazyJobList(columns(submit));
      const t2 = new JobTable(list, ['cpu']);
      for (let k = 0; k < t2.count; k++) expect(t2.input[k]).toBe(list[t2.inputIndex[k]!]);
    }
  });

  it('appends after the initial jobs, as from objects', () => {
    const c = columns([0, 4]);
    const table = new JobTable(lazyJobList(c), ['cpu']);
    const extra: SimJob = { id: 'later', submit: 8, tasks: 2, request: { cpu: 3 }, runtime: 1, estimate: 1 };
    expect(table.append(extra)).toBe(2);
    expect(table.input.map((j) => j.id)).toEqual(['j0', 'j1', 'later']);
    expect(table.inputIndex[2]).toBe(-1);
    expect([...table.total.subarray(0, 3)]).toEqual([2, 4, 6]);
  });

  it('rejects a bad job with the message the object path gives', () => {
    const cases: [number[], Partial<Record<'runtime' | 'estimate' | 'tasks', number[]>>][] = [
      [[0, Number.NaN], {}],
      [[0, 1], { runtime: [5, 0] }],
      [[0, 1], { estimate: [5, -1] }],
      [[0, 1], { tasks: [1, 1.5] }],
    ];
    for (const [submit, over] of cases) {
      const c = columns(submit, over);
      const fromObjects = () => new JobTable(submit.map((_, i) => c.job(i)), ['cpu']);
      expect(fromObjects).toThrow(/^job "j1" \(input position 1\): /);
      expect(() => new JobTable(lazyJobList(c), ['cpu'])).toThrow(new RangeError(errorOf(fromObjects)));
    }
  });
});

describe('jobs as columns on the way to the simulator', () => {
  it('the pod limit reads the shared request of columns, without making the jobs', () => {
    const spec = { nodes: [{ id: 'a', capacity: { cpu: 4 } }] };
    const c = columns([0, 1]);
    expect(withPodLimit(spec, lazyJobList(c))).toBe(spec);
    const pods = lazyJobList({ ...columns([0, 1]), request: { cpu: 1, pods: 1 } });
    expect(withPodLimit(spec, pods).nodes[0]!.capacity.pods).toBe(110);
    expect(withPodLimit(spec, lazyJobList({ ...columns([]), request: { pods: 1 } }))).toBe(spec);
    expect(c.made).toBe(0);
    expect(columnsOf(pods)).toBeDefined();
  });

  it('loadWorkload keeps an SWF log as columns when asked, and only then', async () => {
    const path = 'traces/samples/KTH-SP2-1996-2.1-cln.swf.gz';
    expect(columnsOf((await loadWorkload(path, { jobColumns: true })).jobs)?.count).toBe(28467);
    expect(columnsOf((await loadWorkload(path)).jobs)).toBeUndefined();
  });
});

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('no error');
}
