/**
 * 'clusterlab/browser': the trace readers and the simulation with no Node
 * import, as the browser app (viz/) uses them: read trace files given as
 * Blobs (plain or gzip, format detected), run one simulation, and produce the
 * jobs table and summary a run directory holds; the study statistics for a
 * page that compares runs. test/experiments/package-entries.test.ts checks
 * that nothing here reaches a `node:` module.
 */
export { clusterOf, detectTraceFile, readClusterFiles, readTraceFiles, type ReadOptions, type TraceFile } from '../../viz/worker/read-trace.ts';
export { DEFAULT_OPTIONS, runSimulation, type SimulationOptions, type SimulationOutput } from '../run/simulate.ts';
export { jobsCsvText, manifestOf, summaryOf } from '../run/results.ts';
export { applyTransforms, type TransformSpec } from '../../workloads/transforms/index.ts';
export { csvRow } from '../results/csv.ts';
export { FORMATS, formatSpec, type ImportOptions } from '../../traces/formats.ts';
export { detectFormat, type Detection } from '../../traces/detect.ts';
export { estimate, pairedDifference, type Estimate, type PairedEstimate } from '../results/statistics.ts';
export { compareRows, renderComparison, type CompareFormat, type CompareRow } from '../study/compare.ts';
export { InputError, SimulationError, UsageError } from '../../sim/errors.ts';
export { Rng } from '../../sim/rng.ts';
export type { ClusterSpec } from '../../sim/cluster.ts';
export type { RunMetrics } from '../../sim/metrics.ts';
export type { Workload } from '../../workloads/workload.ts';
export type { SwfOptions } from '../../traces/swf.ts';
export type { StudySummary } from '../results/results-schema.ts';
