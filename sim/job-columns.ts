/**
 * Jobs held as columns (any store with an accessor per field), and a job list
 * that makes its job objects only when something asks for them.
 *
 * A reader of a large log (SWF: 10^6 jobs of one shape) keeps its jobs as typed
 * columns instead of one object per job: the objects cost more than the
 * parsing. It hands out `lazyJobList(columns)`, an ordinary-looking array of
 * jobs: its length is known at once, and the JobTable (sim/jobs.ts) packs its
 * typed arrays straight from the columns (`columnsOf`) without making an
 * object; any other use (an index, a loop, a method, a write) makes every job
 * object once, in order, and the list is from then on a plain array of them.
 */

/** Jobs as columns, indexed by input position 0..count-1; J is the job object (a SimJob of sim/jobs.ts). */
export interface JobColumns<J = unknown> {
  readonly count: number;
  submit(i: number): number;
  runtime(i: number): number;
  estimate(i: number): number;
  tasks(i: number): number;
  /** The per-task request every job shares. */
  readonly request: Readonly<Record<string, number>>;
  /** Every job's priority. */
  readonly priority: number;
  id(i: number): string;
  user(i: number): string | null;
  /** The job object of position i (each call makes a new one). */
  job(i: number): J;
}

const COLUMNS = Symbol('job columns');
const PLAIN = Symbol('plain job array');

/** The columns behind a list made by lazyJobList whose job objects were never made; else undefined. */
export function columnsOf(jobs: readonly unknown[]): JobColumns | undefined {
  return (jobs as unknown as { [COLUMNS]?: JobColumns })[COLUMNS];
}

/**
 * The jobs of `jobs` as a plain array: a lazy list's own array (its objects made now if they were
 * not), read without going through the list's proxy (a trap, and a string key, per access); any
 * other array as it is.
 */
export function plainJobs<J>(jobs: readonly J[]): readonly J[] {
  return (jobs as unknown as { [PLAIN]?: readonly J[] })[PLAIN] ?? jobs;
}

/**
 * A job list backed by `columns` (see the file's comment). Every access but
 * `length` first makes the job objects, into the array the proxy wraps, and is
 * then that array's own: the list behaves as a plain array in every respect
 * (Array.isArray, iteration, methods, JSON, writes).
 */
export function lazyJobList<J>(columns: JobColumns<J>): J[] {
  const target: J[] = [];
  let made = false;
  const make = (): J[] => {
    if (!made) {
      made = true;
      for (let i = 0; i < columns.count; i++) target.push(columns.job(i));
    }
    return target;
  };
  return new Proxy(target, {
    get: (_target, key) => {
      if (key === COLUMNS) return made ? undefined : columns;
      if (key === PLAIN) return make();
      if (key === 'length' && !made) return columns.count;
      return Reflect.get(make(), key);
    },
    set: (_target, key, value) => Reflect.set(make(), key, value),
    has: (_target, key) => Reflect.has(make(), key),
    deleteProperty: (_target, key) => Reflect.deleteProperty(make(), key),
    ownKeys: () => Reflect.ownKeys(make()),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(make(), key),
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(make(), key, descriptor),
  });
}
