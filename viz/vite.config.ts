/**
 * Vite configuration of the browser app (viz/). `npm run viz` serves it for
 * development; `npm run build:viz` writes a static build that works
 * from any static host (relative base, ES2022 for top-level await, module
 * workers) to dist/viz. The build carries the Content-Security-Policy as a meta tag; the
 * dev server does not (Vite's hot reload injects inline styles).
 *
 * With CLUSTERLAB_RESULTS=DIR the dev server also serves that results
 * directory under /results/, as `clusterlab view` does.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { vizFingerprint } from '../experiments/view/build.ts';
import { CSP_META } from './csp.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('..', import.meta.url));

function cspMeta(): Plugin {
  return {
    name: 'clusterlab-csp',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP_META}">`);
    },
  };
}

/**
 * Writes the sources' fingerprint into the build (outDir/.fingerprint), as
 * `clusterlab view` checks it (experiments/view/build.ts). Without it, a build
 * made by `npm run build:viz` (whose emptyOutDir deletes the old fingerprint)
 * looked stale to `clusterlab view`, which built the same app again.
 */
export function fingerprintFile(): Plugin {
  let outDir = '';
  return {
    name: 'clusterlab-fingerprint',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      writeFileSync(join(outDir, '.fingerprint'), vizFingerprint());
    },
  };
}

function resultsDir(): Plugin {
  return {
    name: 'clusterlab-results',
    apply: 'serve',
    async configureServer(server) {
      const dir = process.env.CLUSTERLAB_RESULTS;
      if (!dir) return;
      const { resultsHandler } = await import('../experiments/view/server.ts');
      const handle = resultsHandler(dir);
      server.middlewares.use((req, res, next) => {
        if (!handle(req, res)) next();
      });
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  publicDir: false,
  plugins: [cspMeta(), fingerprintFile(), resultsDir()],
  build: {
    target: 'es2022',
    // Outside viz/, so the sources' checks (no HTML sinks) never meet D3's own bundled code.
    outDir: `${repo}dist/viz`,
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      input: { index: `${here}index.html`, gallery: `${here}gallery.html` },
    },
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', fs: { allow: [repo] } },
  preview: { host: '127.0.0.1' },
});
