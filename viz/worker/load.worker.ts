/**
 * The loading worker: reads a results directory, from the server that serves
 * the page (`clusterlab view`: /results/index.json lists the files) or from
 * dropped files, and parses it off the page's thread. The source is kept so
 * the page can ask for each run's jobs.csv later (the large files, after the
 * first charts are up).
 */
// First: before any module builds a zod schema (see the module).
import '../zod-jitless.ts';
import * as Comlink from 'comlink';
import { sortedRun } from '../data/ecdf.ts';
import { loadJobs, loadResults, type FileSource } from '../data/load.ts';
import type { Jobs, ResultsData } from '../data/model.ts';

let source: FileSource | null = null;

function urlSource(base: string, paths: string[]): FileSource {
  return {
    paths,
    async text(path) {
      const res = await fetch(base + path.split('/').map(encodeURIComponent).join('/'));
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      return res.text();
    },
  };
}

/** Dropped files, by their path inside the dropped folder. */
function fileSource(files: { path: string; file: File }[]): FileSource {
  const byPath = new Map(files.map((f) => [f.path, f.file]));
  return {
    paths: [...byPath.keys()],
    async text(path) {
      const f = byPath.get(path);
      if (!f) throw new Error(`no such file: ${path}`);
      return f.text();
    },
  };
}

async function open(src: FileSource): Promise<ResultsData> {
  source = src;
  return loadResults(src);
}

async function indexOf(base: string): Promise<string[]> {
  const res = await fetch(`${base}index.json`);
  if (!res.ok) throw new Error(`${base}index.json: HTTP ${res.status}`);
  return ((await res.json()) as { files: string[] }).files;
}

const api = {
  async openUrl(base: string): Promise<ResultsData> {
    return open(urlSource(base, await indexOf(base)));
  },
  async openFiles(files: { path: string; file: File }[]): Promise<ResultsData> {
    return open(fileSource(files));
  },
  /** The same source as another worker opened, to share the reading of jobs.csv files (nothing is read now). */
  async attachUrl(base: string): Promise<void> {
    source = urlSource(base, await indexOf(base));
  },
  attachFiles(files: { path: string; file: File }[]): void {
    source = fileSource(files);
  },
  /** jobs.csv of the run in `dir`, light (measures only) or whole. */
  async jobs(dir: string, light: boolean): Promise<Jobs | null> {
    if (!source) return null;
    const jobs = await loadJobs(source, { dir }, light);
    if (!jobs) return null;
    // Sorted here, off the page's thread, for the distributions.
    jobs.sorted = { wait: sortedRun(jobs, 'wait'), response: sortedRun(jobs, 'response'), boundedSlowdown: sortedRun(jobs, 'boundedSlowdown') };
    const arrays = [jobs.wait, jobs.response, jobs.boundedSlowdown, jobs.submit, jobs.start, jobs.end, jobs.tasks, jobs.sorted.wait!, jobs.sorted.response!, jobs.sorted.boundedSlowdown!];
    const buffers = arrays.map((a) => a.buffer as ArrayBuffer);
    return Comlink.transfer(jobs, [...new Set(buffers)].filter((b) => b.byteLength > 0));
  },
};

export type LoadWorker = typeof api;
Comlink.expose(api);
