/**
 * A build made by `npm run build:viz` carries the sources' fingerprint, so
 * `clusterlab view` does not build the same app again (emptyOutDir used to
 * delete it). The plugin is run as Vite runs it, into a temporary folder.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vizFingerprint } from '../../experiments/view/build.ts';

describe('the build fingerprint', () => {
  it('is written into every build by the Vite config', async () => {
    const config = (await import('../../viz/vite.config.ts')).default as { plugins: { name: string; configResolved?: (c: unknown) => void; closeBundle?: () => void }[] };
    const plugin = config.plugins.find((p) => p.name === 'clusterlab-fingerprint');
    expect(plugin, 'the clusterlab-fingerprint plugin').toBeDefined();
    const out = mkdtempSync(join(tmpdir(), 'viz-build-'));
    plugin!.configResolved!({ root: '/', build: { outDir: out } });
    expect(existsSync(join(out, '.fingerprint'))).toBe(false);
    plugin!.closeBundle!();
    expect(readFileSync(join(out, '.fingerprint'), 'utf8')).toBe(vizFingerprint());
  });
});
