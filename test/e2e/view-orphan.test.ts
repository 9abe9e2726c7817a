/**
 * A browser test's `clusterlab view` server does not outlive the test process
 * that started it, even when that process is killed and never calls stop():
 * after a killed suite, servers were found still listening an hour later.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runMain } from '../experiments/in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'view-orphan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('the view server stops when the process that started it is killed', async () => {
  const swf = join(dir, 'tiny.swf');
  (await import('node:fs')).writeFileSync(swf, '; MaxProcs: 4\n1 0 0 10 1 -1 -1 1 20 -1 1 1 1 -1 1 -1 -1 -1\n');
  expect((await runMain(['simulate', '-t', swf, '--out', join(dir, 'out')])).code).toBe(0);
  const script = `import { startView } from ${JSON.stringify(resolve('test/e2e/browser.ts'))};
const { url, child } = await startView(${JSON.stringify(join(dir, 'out'))});
console.log(child.pid, url);`;
  const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  const line = await new Promise<string>((ok, fail) => {
    let out = '';
    parent.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) ok(out);
    });
    parent.on('exit', (code) => fail(new Error(`the parent exited ${code} before the server started`)));
  });
  const [pid, url] = line.trim().split(' ');
  expect((await fetch(url!)).status).toBe(200);
  parent.kill('SIGKILL');
  const deadline = Date.now() + 30_000;
  while (alive(Number(pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(alive(Number(pid))).toBe(false);
}, 90_000);
