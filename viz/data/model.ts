/**
 * What the views read: results as loaded in the browser, the same shape
 * whether they come from `clusterlab simulate --out`, a study of
 * `clusterlab run`, dropped files, or runs made in the browser.
 *
 * Plain objects and typed arrays only, so a worker can hand them to the page
 * by structured clone.
 */

/** A time series: bucket start times and one numeric column per series. */
export interface Series {
  time: Float64Array;
  /** Column name → values (utilization_cpu, queued, running, replicas, cost…). */
  columns: Record<string, Float64Array>;
  /** Column names in file order (objects with integer-like keys would reorder them). */
  names: string[];
}

/** Per-job outcomes, the columns of jobs.csv the views use. */
export interface Jobs {
  count: number;
  /** Only wait, response and boundedSlowdown are filled (see load.ts jobsOf). */
  light?: boolean;
  id: string[];
  user: string[];
  status: string[];
  submit: Float64Array;
  start: Float64Array;
  end: Float64Array;
  wait: Float64Array;
  response: Float64Array;
  boundedSlowdown: Float64Array;
  tasks: Float64Array;
  /** Node index ranges (`0-3 7`), or null when jobs.csv has no nodes column. */
  nodes: string[] | null;
  /** The measures sorted ascending (finite values only), when the loading worker did it. */
  sorted?: { wait?: Float64Array; response?: Float64Array; boundedSlowdown?: Float64Array };
}

/**
 * Something that happened in a run that is not a job: a node failure, its
 * detection and recovery, a scale event, a rollout step, a configuration
 * change. Read from system-events.csv (time,type,source,node,job,detail) or
 * another producer's events.csv (time,type[,node][,end][,detail]); see data/events.ts.
 */
export interface RunEvent {
  time: number;
  /** As written in the file (node-failed, failure-detected, scale-up, rollout-start, config-drift…). */
  type: string;
  /** The category the views group types into (data/event-types.ts). */
  category: EventCategory;
  /** The node's name as written, or null. */
  node: string | null;
  /** The node's index in jobs.csv's numbering, -1 when unknown (data/node-names.ts). */
  nodeIndex: number;
  /** For events with a duration (down time, an outage, a rollout), when it ended. */
  end: number | null;
  /** As written: a JSON object in system-events.csv. */
  detail: string;
  /** The controller that reported it (system-events.csv), or ''. */
  source: string;
  /** The job or replica it concerns, or ''. */
  job: string;
}

export type EventCategory = 'failure' | 'detection' | 'recovery' | 'scale' | 'rollout' | 'drift' | 'maintenance' | 'other';

export interface RunData {
  id: string;
  variant: string;
  seed: number | null;
  /** Grid parameters (study runs.csv columns between variant and seed), as text. */
  params: Record<string, string>;
  status: string;
  /** Every numeric metric, flattened (`utilization.cpu` → `utilization_cpu`). */
  metrics: Record<string, number>;
  summary: unknown;
  timeseries: Series | null;
  jobs: Jobs | null;
  events: RunEvent[] | null;
  /** Where the files of this run are, relative to the results root ('' for a single run). */
  dir: string;
}

export interface ResultsData {
  /** `run`: one simulate directory; `runs`: several of them side by side; `study`: a clusterlab run directory. */
  kind: 'run' | 'runs' | 'study';
  title: string;
  runs: RunData[];
  /** Variants in first-seen order. */
  variants: string[];
  baseline: string;
  /** Names of the grid parameters (study only). */
  params: string[];
  /** Names of the numeric metrics, in first-seen order. */
  metrics: string[];
  manifest: unknown;
  /** The study's summary.json, kept as read (the views recompute intervals from runs.csv). */
  studySummary: unknown;
}
