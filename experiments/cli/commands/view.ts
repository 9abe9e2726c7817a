/**
 * `clusterlab view DIR`: serves the browser app and a results directory (from
 * `simulate --out` or `run`) on 127.0.0.1, prints the address and opens a
 * browser. The app is built on demand (dist/viz) when missing or stale.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { UsageError } from '../../../sim/errors.ts';
import { fsReason } from '../../../sim/fs-errors.ts';
import { port } from '../options.ts';

export function viewCommand(): Command {
  return new Command('view')
    .description('open a results directory in the browser app (served on 127.0.0.1)')
    .argument('<dir>', 'results directory (simulate --out DIR, or a study of clusterlab run)')
    .option('--port <n>', 'port to listen on (0: any free port)', port('--port'), 8177)
    .option('--host <address>', 'address to listen on; other than 127.0.0.1 exposes your results to the network', '127.0.0.1')
    .option('--no-open', 'do not open a browser, only print the address')
    .addHelpText('after', '\nExamples:\n  $ clusterlab view out/kth-easy\n  $ clusterlab view results --port 0 --no-open\n')
    .action(async (dir: string, opts: { port: number; host: string; open: boolean }) => {
      // Imported here, not at the top: the server pulls in viz/ (its CSP), which the
      // container image (deploy/Dockerfile) leaves out; every other command must
      // start without it.
      const { ensureVizBuild } = await import('../../view/build.ts');
      const { createViewServer, listen, listResults } = await import('../../view/server.ts');
      const root = resolve(dir);
      if (!existsSync(root)) throw new UsageError(`${dir}: no such directory`);
      if (!statSync(root).isDirectory()) throw new UsageError(`${dir}: not a directory (view takes the results directory, e.g. simulate --out DIR)`);
      if (!listResults(root).some((f) => /(^|\/)(summary\.json|runs\.csv)$/.test(f))) {
        throw new UsageError(`${dir}: no results here (expected summary.json or runs.csv)`);
      }
      const appDir = await ensureVizBuild((line) => process.stderr.write(`${line}\n`));
      const server = createViewServer({ appDir, resultsDir: root, host: opts.host, port: opts.port });
      const address = await listen(server, opts.host, opts.port).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE') throw new UsageError(`port ${opts.port} is in use; choose another with --port N (0: any free port)`);
        if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') throw new UsageError(`cannot listen on ${opts.host}: ${fsReason(err)}`);
        throw err;
      });
      const url = `${address}?results=results/`;
      process.stdout.write(`serving ${dir} at ${url}\n(press Ctrl+C to stop)\n`);
      if (opts.open) openBrowser(url);
      await new Promise<void>((done) => {
        // Browsers keep connections open; close them too, or close() would wait for them.
        const stop = () => {
          server.close(() => done());
          server.closeAllConnections();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => process.stderr.write(`could not open a browser; open ${url} yourself\n`));
    child.unref();
  } catch {
    process.stderr.write(`could not open a browser; open ${url} yourself\n`);
  }
}
