// The command and the library compiled ahead of time: one esbuild build of the
// TypeScript sources (and the npm packages they import) into dist/*.mjs, so
// that `clusterlab --version` starts in plain Node instead of compiling some
// 200 modules through tsx first (1.8 s against 0.27 s for `node -e 0`).
//
//   node bin/build.js          the JavaScript (npm ci and npm pack run it: "prepare")
//   node bin/build.js --pack   also the types (dist/types) and the browser app (dist/viz)
//
// dist/build.json records the build's inputs (esbuild's metafile) and the
// sha256 of their bytes, as experiments/study/worker-bundle.ts keys the worker's
// bundle. bin/clusterlab.js runs dist/cli.mjs only while that key still
// matches the sources; in a clone where a source was edited it rebuilds first
// (0.3-0.6 s of CPU), or runs the sources through tsx when it cannot. An
// installed package has no sources to be stale against: it runs dist/ as shipped.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
/** node:crypto, loaded when a key is computed (the stamps alone tell a fresh build: start-up skips it). */
const createHash = (algorithm) => require('node:crypto').createHash(algorithm);
/** readFile of node:fs/promises, for the build only. */
const readFile = (path, encoding) => require('node:fs/promises').readFile(path, encoding);

/** Bump when the build options below change: it is part of the key. */
const FORMAT = 'clusterlab-dist 1';
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = join(ROOT, 'dist');
const RECORD = join(DIST, 'build.json');
const LOCK = join(DIST, '.build-lock');

/**
 * The compiled entries (dist/<name>.mjs): the command, the three kinds of
 * worker thread it starts (experiments/run/compiled.ts names them), and the
 * library's Node entries (package.json "exports").
 */
export const ENTRIES = {
  cli: 'experiments/cli/cli.ts',
  worker: 'experiments/study/worker.ts',
  'module-worker': 'experiments/cli/module-worker.ts',
  'conformance-worker': 'experiments/cli/conformance-worker.ts',
  index: 'experiments/api/index.ts',
  policy: 'experiments/api/policy.ts',
};
/** The browser entry: built apart, for the browser platform (no Node built-in may reach it). */
export const BROWSER_ENTRIES = { browser: 'experiments/api/browser.ts' };

/**
 * sha256 over the builder's format and the bytes of each of the project's own
 * inputs (with its name, so a rename counts). The npm packages bundled in are
 * keyed by the lock file rather than file by file: reading their 200-odd
 * files too doubled the check that every start of the command pays.
 */
function keyOf(inputs) {
  const hash = createHash('sha256').update(FORMAT);
  const lock = existsSync(join(ROOT, 'package-lock.json')) ? ['package-lock.json'] : [];
  for (const name of ['tsconfig.json', 'package.json', ...lock, ...inputs]) {
    hash.update(`\u0000${name}\u0000`);
    hash.update(readFileSync(join(ROOT, name)));
  }
  return hash.digest('hex');
}

/** Whether this is a clone (the sources are here) or an installed package (only dist/). */
function hasSources() {
  return existsSync(join(ROOT, ENTRIES.cli));
}

/** True when dist/ was built from the sources as they are now (always, in an installed package). */
export function distIsFresh() {
  let record;
  try {
    record = JSON.parse(readFileSync(RECORD, 'utf8'));
  } catch {
    return false;
  }
  if (record.format !== FORMAT || !existsSync(join(DIST, 'cli.mjs'))) return false;
  if (!hasSources()) return true;
  try {
    // The inputs' sizes and times as built: when none changed, the bytes did not either (one stat
    // per file instead of reading and hashing each); otherwise their bytes decide.
    const stamp = stampOf(record.inputs);
    if (stamp === record.stamp) return true;
    if (keyOf(record.inputs) !== record.key) return false;
    writeWhole(RECORD, recordText({ ...record, stamp })); // same bytes, newer times (a checkout): stat only, next time
    return true;
  } catch {
    return false; // an input is gone
  }
}

/** The size and modification time of every input, as one string. */
function stampOf(inputs) {
  let stamp = '';
  for (const name of ['tsconfig.json', 'package.json', 'package-lock.json', ...inputs]) {
    const s = statSync(join(ROOT, name), { throwIfNoEntry: false });
    stamp += s ? `${s.size}:${s.mtimeMs};` : '-;';
  }
  return stamp;
}

/**
 * Each module keeps its source file's location: `import.meta.url` becomes the
 * URL of where the source file is (or would be, in a package without sources)
 * relative to dist/, so files found next to a module (the embedded trace,
 * package.json, the browser app) are found from the compiled code too. Every
 * output file sits in dist/ itself, so one relative path serves every chunk.
 */
const sourceLocations = {
  name: 'source-locations',
  setup(b) {
    // A source file left out of a copy (viz/ in the container image, used only by `view`)
    // fails where it is imported, when that command runs, not the whole build.
    b.onResolve({ filter: /^\.\.?\/.*\.ts$/ }, (args) => {
      const target = join(args.resolveDir, args.path);
      return existsSync(target) ? undefined : { path: `./${relative(DIST, target).split('\\').join('/')}`, external: true };
    });
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const rel = relative(DIST, args.path).split('\\').join('/');
      let text = withSourceUrl(await readFile(args.path, 'utf8'), `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
      if (args.path === join(ROOT, 'experiments', 'run', 'compiled.ts')) {
        text = text.replace('export const COMPILED_DIR: URL | null = null;', "export const COMPILED_DIR: URL | null = new URL('./', import.meta.url);");
      }
      return { contents: text, loader: 'ts' };
    });
  },
};

/** `import.meta.url` in code replaced by `url`; inside a string literal on its line (a banner's text) left as it is. */
function withSourceUrl(text, url) {
  return text.replace(/\bimport\.meta\.url\b/g, (match, offset) => {
    const line = text.slice(text.lastIndexOf('\n', offset) + 1, offset);
    const inString = [...'\'"`'].some((q) => line.split(q).length % 2 === 0);
    return inString ? match : url;
  });
}

function recordText(record) {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** Writes a file whole under a name of its own first, so that a process starting meanwhile never reads half of it. */
function writeWhole(path, content) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

async function esbuildOnce(esbuild, entryPoints, platform) {
  return esbuild.build({
    entryPoints,
    bundle: true,
    splitting: true,
    platform,
    format: 'esm',
    target: platform === 'node' ? 'node20' : 'es2022',
    outdir: DIST,
    outExtension: { '.js': '.mjs' },
    entryNames: '[name]',
    chunkNames: platform === 'node' ? 'chunk-[hash]' : 'browser-chunk-[hash]',
    // tsx (a user's .ts scheduler), esbuild (the worker bundle of the sources) and vite
    // (building the app in a clone) are loaded only when needed, from node_modules; so are
    // plot's DOM and converters (jsdom reads its own files, resvg is a native binary).
    external: ['tsx', 'tsx/*', 'esbuild', 'vite', 'jsdom', '@resvg/resvg-js', 'pdfkit', 'svg-to-pdfkit'],
    // CommonJS packages (yaml, seedrandom) call require() for Node's built-in modules.
    banner: platform === 'node' ? { js: "import { createRequire as __clusterlabRequire } from 'node:module'; const require = __clusterlabRequire(import.meta.url);" } : {},
    write: false,
    absWorkingDir: ROOT,
    metafile: true,
    // Smaller code parses sooner: zod alone is 0.75 MB unminified, and every simulate loads it.
    // Names are kept, so errors and stack traces still say which function.
    minify: true,
    keepNames: true,
    logLevel: 'silent',
    plugins: [sourceLocations],
  });
}

/** Builds dist/*.mjs and dist/build.json. Chunks first, entries next, the record last. */
export async function buildDist() {
  const esbuild = await import('esbuild');
  const results = [await esbuildOnce(esbuild, ENTRIES, 'node')];
  if (Object.keys(BROWSER_ENTRIES).length > 0) results.push(await esbuildOnce(esbuild, BROWSER_ENTRIES, 'browser'));
  const inputs = [...new Set(results.flatMap((r) => Object.keys(r.metafile.inputs)))].filter((f) => !f.includes('node_modules/') && !f.startsWith('(')).sort();
  const stamp = stampOf(inputs);
  const key = keyOf(inputs);
  const files = results.flatMap((r) => r.outputFiles);
  const isEntry = (f) => /[\\/](?!chunk-|browser-chunk-)[^\\/]+\.mjs$/.test(f.path);
  for (const f of files.filter((f) => !isEntry(f))) writeWhole(f.path, f.contents);
  for (const f of files.filter(isEntry)) writeWhole(f.path, f.contents);
  writeWhole(RECORD, recordText({ format: FORMAT, inputs, key, stamp }));
  removeOldChunks(new Set(files.map((f) => f.path)), 3600 * 1000);
  return new Set(files.map((f) => f.path));
}

/** Chunks of earlier builds, once `age` old (a command still running may import one lazily: an hour; none for a package). */
function removeOldChunks(current, age) {
  const hourAgo = Date.now() - age;
  for (const name of readdirSync(DIST)) {
    const path = join(DIST, name);
    if (!/^(browser-)?chunk-[A-Z0-9]+\.mjs$/i.test(name) || current.has(path)) continue;
    try {
      if (statSync(path).mtimeMs < hourAgo) rmSync(path, { force: true });
    } catch {
      // another process removed it
    }
  }
}

/**
 * The compiled command's URL, rebuilt first when the sources changed; null
 * when it cannot be had (no esbuild, a read-only folder, another process
 * building right now): then the caller runs the sources through tsx.
 */
export async function compiledCli() {
  if (process.env.CLUSTERLAB_CLI === 'source' || preloads(process.execArgv)) return null;
  if (distIsFresh()) return pathToFileURL(join(DIST, 'cli.mjs'));
  if (!hasSources()) return null;
  try {
    mkdirSync(DIST, { recursive: true });
    takeLock();
  } catch {
    return null;
  }
  try {
    await buildDist();
    return pathToFileURL(join(DIST, 'cli.mjs'));
  } catch {
    return null;
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * `node --import plugins.mjs clusterlab.js`: what a preload registers into the
 * simulator's modules (the tests' extra policies) lives in the source modules,
 * not in dist/'s copies, so such a process runs the sources.
 */
function preloads(execArgv) {
  return execArgv.some((a) => /^(--import|--require|-r|--loader|--experimental-loader)(=|$)/.test(a));
}

/** One builder at a time; a lock left by a builder that died is taken over after a minute. */
function takeLock() {
  try {
    mkdirSync(LOCK);
  } catch (err) {
    if (err.code !== 'EEXIST' || Date.now() - statSync(LOCK).mtimeMs < 60_000) throw err;
    rmSync(LOCK, { recursive: true, force: true });
    mkdirSync(LOCK);
  }
}

/** `node bin/build.js --pack`: also the declarations and the browser app, which the package ships. */
async function buildForPack() {
  const { execFileSync } = await import('node:child_process');
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  rmSync(join(DIST, 'types'), { recursive: true, force: true });
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.api.json'], { cwd: ROOT, stdio: 'inherit' });
  execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', "const { ensureVizBuild } = await import('./experiments/view/build.ts'); await ensureVizBuild(console.log);"], { cwd: ROOT, stdio: 'inherit' });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!hasSources()) process.exit(0); // an installed package: dist/ is what it ships
  const current = await buildDist();
  if (process.argv.includes('--pack')) {
    removeOldChunks(current, 0);
    await buildForPack();
  }
}
