/**
 * The loading worker: reads a results directory, from the server that serves
 * the page (`clusterlab view`: /results/index.json lists the files) or from
 * dropped files, and parses it off the page's thread. The source is kept so
 * the page can ask for each run's jobs.csv later (the large files, after the
 * first charts are up).
 */
import * as Comlink from 'comlink';
import { loadJobs, loadResults, type FileSource } from '../data/load.ts';
import type { Jobs, ResultsData } from '../data/model.ts';

let source: FileSource | null = null;
let dirs: string[] = [];

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
  const data = await loadResults(src);
  dirs = data.runs.map((r) => r.dir);
  return data;
}

const api = {
  async openUrl(base: string): Promise<ResultsData> {
    const res = await fetch(`${base}index.json`);
    if (!res.ok) throw new Error(`${base}index.json: HTTP ${res.status}`);
    const index = (await res.json()) as { files: string[] };
    return open(urlSource(base, index.files));
  },
  async openFiles(files: { path: string; file: File }[]): Promise<ResultsData> {
    return open(fileSource(files));
  },
  /** jobs.csv of the i-th run, light (measures only) or whole. */
  async jobs(run: number, light: boolean): Promise<Jobs | null> {
    if (!source || dirs[run] === undefined) return null;
    const jobs = await loadJobs(source, { dir: dirs[run]! }, light);
    if (!jobs) return null;
    const buffers = [jobs.wait, jobs.response, jobs.boundedSlowdown, jobs.submit, jobs.start, jobs.end, jobs.tasks].map((a) => a.buffer as ArrayBuffer);
    return Comlink.transfer(jobs, [...new Set(buffers)].filter((b) => b.byteLength > 0));
  },
};

export type LoadWorker = typeof api;
Comlink.expose(api);
