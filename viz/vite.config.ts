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
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
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
  plugins: [cspMeta(), resultsDir()],
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
