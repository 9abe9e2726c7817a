/**
 * The pool's worker as one JavaScript file, bundled ahead of time.
 *
 * Through tsx, a new worker thread resolves, transforms and links the
 * simulator's 200-odd TypeScript modules one by one before its first run:
 * 0.44-0.73 s on this project's 2-core machine, more when two workers start
 * together, and a cost no number of workers can overlap. The same code
 * bundled by esbuild (the compiler tsx itself runs) is ready in 0.15-0.2 s.
 *
 * The bundle is built on first use into node_modules/.cache/clusterlab/ and
 * named by the sha256 of everything it was built from (its source files as
 * esbuild's metafile lists them, tsconfig.json, package.json, this builder's
 * format), so any edit to a source file makes the next study rebuild it
 * (0.15 s) instead of running stale code. The npm packages are bundled too
 * (their files are inputs of the key, so `npm ci` of other versions rebuilds):
 * loaded from node_modules, a worker resolved and compiled zod's hundred-odd
 * ES modules and ran Node's CommonJS export scanner over yaml, and its import
 * took 245-363 ms against 148-173 ms bundled (2026-12-02, one and two workers
 * starting). `import.meta.url` keeps meaning each source file's own URL, so
 * files found next to a module are still found.
 *
 * Workers start from the sources through tsx, as before (same code, same
 * results, slower start), when
 *  - the process preloads a module of its own (`node --import plugins.mjs`):
 *    workers inherit the preload, and what it registers into the simulator's
 *    modules (the tests' misbehaving policies) lives in the source modules,
 *    not in the bundle's copies. tsx's and vitest's own preloads do not count;
 *  - CLUSTERLAB_WORKER=source is set (stack traces then name the .ts files);
 *  - the bundle cannot be built or stored (no esbuild, a read-only node_modules).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';
import { compiledEntry } from '../run/compiled.ts';

/** Bump when the build options below change: it is part of the key. */
const FORMAT = 'clusterlab-worker-bundle 2';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** Where bundles are kept: CLUSTERLAB_CACHE_DIR when set (tests), else node_modules/.cache/clusterlab/. */
const CACHE = process.env.CLUSTERLAB_CACHE_DIR ? `${process.env.CLUSTERLAB_CACHE_DIR.replace(/\/$/, '')}/` : fileURLToPath(new URL('../../node_modules/.cache/clusterlab/', import.meta.url));
const RECORD = `${CACHE}worker-bundle.json`;

/** What the last build recorded: its inputs (relative to the repository) and the key they gave. */
interface BuildRecord {
  format: string;
  inputs: string[];
  key: string;
}

/** sha256 over the builder's format and the bytes of each input (with its name, so a rename counts). */
function keyOf(inputs: readonly string[]): string {
  const hash = createHash('sha256').update(FORMAT);
  for (const name of ['tsconfig.json', 'package.json', ...inputs]) {
    hash.update(`\u0000${name}\u0000`);
    hash.update(readFileSync(REPO + name));
  }
  return hash.digest('hex');
}

function bundlePath(key: string): string {
  return `${CACHE}worker-${key.slice(0, 16)}.mjs`;
}

/** The bundle of the last build, if its inputs are still what it was built from. */
function freshBundle(): string | null {
  let record: BuildRecord;
  try {
    record = JSON.parse(readFileSync(RECORD, 'utf8')) as BuildRecord;
  } catch {
    return null;
  }
  if (record.format !== FORMAT) return null;
  let key: string;
  try {
    key = keyOf(record.inputs);
  } catch {
    return null; // an input is gone: rebuild
  }
  return key === record.key && existsSync(bundlePath(key)) ? bundlePath(key) : null;
}

/** Writes a file whole under a name of its own first, so concurrent builders (shards, test files) never see half of it. */
function writeWhole(path: string, content: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}-${threadId}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

async function build(): Promise<string> {
  const { build: esbuild } = await import('esbuild');
  const result = await esbuild({
    entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // CommonJS packages (yaml, seedrandom) call require() for Node's built-in modules.
    banner: { js: "import { createRequire as __clusterlabRequire } from 'node:module'; const require = __clusterlabRequire(import.meta.url);" },
    write: false,
    outfile: `${CACHE}worker.mjs`,
    absWorkingDir: REPO,
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        // Each module's import.meta.url stays its source file's URL (the bundle lives elsewhere).
        name: 'source-import-meta-url',
        setup(b) {
          b.onLoad({ filter: /\.ts$/ }, async (args) => {
            const text = await readFile(args.path, 'utf8');
            return { contents: text.replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
          });
        },
      },
    ],
  });
  // (Relative to absWorkingDir, the repository; with '/' on every platform.)
  const inputs = Object.keys(result.metafile.inputs).sort();
  const key = keyOf(inputs);
  mkdirSync(CACHE, { recursive: true });
  writeWhole(bundlePath(key), result.outputFiles[0]!.contents);
  writeWhole(RECORD, `${JSON.stringify({ format: FORMAT, inputs, key } satisfies BuildRecord, null, 2)}\n`);
  removeOldBundles(bundlePath(key));
  return bundlePath(key);
}

/** Bundles of earlier sources, once a day old (a study still running may spawn workers from a recent one). */
function removeOldBundles(current: string): void {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of readdirSync(CACHE)) {
    const path = CACHE + name;
    if (!/^worker-[0-9a-f]{16}\.mjs$/.test(name) || path === current) continue;
    try {
      if (statSync(path).mtimeMs < dayAgo) rmSync(path, { force: true });
    } catch {
      // another process removed it
    }
  }
}

const PRELOAD_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);
const TOOLCHAIN = /^tsx(\/|$)|[\\/]node_modules[\\/](tsx|vitest)[\\/]/;

/** The modules Node options preload (and whether tsx or vitest own them), and the options without the toolchain's preloads. */
function preloadsOf(execArgv: readonly string[]): { preloads: { value: string; toolchain: boolean }[]; rest: string[] } {
  const preloads: { value: string; toolchain: boolean }[] = [];
  const rest: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!PRELOAD_FLAGS.has(flag)) {
      rest.push(arg);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : execArgv[++i];
    if (value === undefined) continue;
    const toolchain = TOOLCHAIN.test(value);
    preloads.push({ value, toolchain });
    if (!toolchain) rest.push(...(eq > 0 ? [arg] : [arg, value]));
  }
  return { preloads, rest };
}

/** Modules the process preloads (--import, --require, --loader), other than the toolchain's own. */
export function ownPreloads(execArgv: readonly string[]): string[] {
  return preloadsOf(execArgv).preloads.filter((p) => !p.toolchain).map((p) => p.value);
}

/**
 * The Node options of a bundled worker: the process's without tsx's or
 * vitest's preloads (a process with preloads of its own gets no bundle). A
 * worker inherits its process's options, and under `tsx script.ts` (the
 * bench) or vitest each bundled worker started tsx's loader for plain
 * JavaScript that needs none: the first run of a tiny study ended 0.25 s after
 * the study started instead of 0.16-0.20 s.
 */
export function bundledWorkerExecArgv(execArgv: readonly string[]): string[] {
  return preloadsOf(execArgv).rest;
}

let pending: Promise<URL | null> | null = null;

/**
 * The bundled worker's URL, built first if missing or stale; null when it
 * cannot be had (then start workers through tsx). Checked once per process:
 * about 10 ms to hash the sources when the bundle is fresh.
 */
export function workerBundle(): Promise<URL | null> {
  // Compiled ahead of time (bin/build.js), the command has its worker built next to it.
  const compiled = compiledEntry('worker');
  if (compiled) return Promise.resolve(compiled);
  if (process.env.CLUSTERLAB_WORKER === 'source' || ownPreloads(process.execArgv).length > 0) return Promise.resolve(null);
  pending ??= (async () => {
    try {
      return pathToFileURL(freshBundle() ?? (await build()));
    } catch {
      return null;
    }
  })();
  return pending;
}
