/**
 * The app's static build, made on demand: `clusterlab view` (and the browser
 * tests) call ensureVizBuild(), which builds dist/viz with Vite when it is
 * missing or was built from other sources. The sources' fingerprint (sha256 of
 * every file the bundle can include, and the lock file) is kept in
 * dist/viz/.fingerprint. Builds go to a temporary folder renamed into place,
 * so a concurrent reader never sees half a build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const VIZ_DIST = join(REPO, 'dist', 'viz');
const SOURCES = ['viz', 'sim', 'schedulers', 'workloads', 'traces', 'experiments', 'package.json', 'package-lock.json'];
const SOURCE_FILE = /\.(ts|html|css|json)$|\.swf\.gz$/;

export function vizFingerprint(): string {
  const hash = createHash('sha256');
  const walk = (path: string) => {
    const full = join(REPO, path);
    if (!existsSync(full)) return;
    let entries;
    try {
      entries = readdirSync(full, { withFileTypes: true });
    } catch {
      if (SOURCE_FILE.test(path)) hash.update(path).update('\0').update(readFileSync(full)).update('\0');
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name === 'dist' || e.name === 'node_modules' || e.name.startsWith('.') || e.name.startsWith('dist.')) continue;
      const rel = relative(REPO, join(full, e.name));
      if (e.isDirectory()) walk(rel);
      else if (SOURCE_FILE.test(e.name)) hash.update(rel).update('\0').update(readFileSync(join(full, e.name))).update('\0');
    }
  };
  for (const s of SOURCES) walk(s);
  return hash.digest('hex');
}

export function vizBuildIsFresh(): boolean {
  const stamp = join(VIZ_DIST, '.fingerprint');
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === vizFingerprint();
}

/** Builds dist/viz unless it is up to date; returns its path. */
export async function ensureVizBuild(log: (line: string) => void = () => {}): Promise<string> {
  // An installed package ships the app built (npm pack builds it) and not its sources.
  if (!existsSync(join(REPO, 'viz')) && existsSync(join(VIZ_DIST, 'index.html'))) return VIZ_DIST;
  if (vizBuildIsFresh()) return VIZ_DIST;
  const fingerprint = vizFingerprint();
  const tmp = join(REPO, 'dist', `viz.tmp-${process.pid}`);
  log('building the browser app (dist/viz)…');
  const { build } = await import('vite');
  await build({ configFile: join(REPO, 'viz', 'vite.config.ts'), logLevel: 'warn', build: { outDir: tmp, emptyOutDir: true } });
  writeFileSync(join(tmp, '.fingerprint'), fingerprint);
  // Another process may have built the same sources meanwhile: keep whichever is in place if fresh.
  if (vizBuildIsFresh()) {
    rmSync(tmp, { recursive: true, force: true });
    return VIZ_DIST;
  }
  const old = join(REPO, 'dist', `viz.old-${process.pid}`);
  if (existsSync(VIZ_DIST)) renameSync(VIZ_DIST, old);
  renameSync(tmp, VIZ_DIST);
  rmSync(old, { recursive: true, force: true });
  return VIZ_DIST;
}
