/** `clusterlab view` refuses requests whose Host header is not its address (DNS rebinding), on the real server. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostAllowed } from '../../experiments/view/host-check.ts';
import { createViewServer, listen } from '../../experiments/view/server.ts';

function get(port: number, path: string, host: string | null): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, setHost: host === null ? false : undefined, headers: host === null ? {} : { Host: host } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => ok({ status: res.statusCode!, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('view server Host check', () => {
  const root = mkdtempSync(join(tmpdir(), 'view-host-'));
  let server: ReturnType<typeof createViewServer>;
  let port: number;
  beforeAll(async () => {
    mkdirSync(join(root, 'app'));
    mkdirSync(join(root, 'results'));
    writeFileSync(join(root, 'app', 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(root, 'results', 'summary.json'), '{"secret": 1}\n');
    server = createViewServer({ appDir: join(root, 'app'), resultsDir: join(root, 'results'), host: '127.0.0.1', port: 0 });
    await listen(server, '127.0.0.1', 0);
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('answers its own address and localhost', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      const r = await get(port, '/results/summary.json', host);
      expect(r.status, host).toBe(200);
    }
  });

  it('refuses other names, other ports and a missing Host, with nothing of the results', async () => {
    for (const host of [`evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `127.0.0.1:${port + 1}`, 'localhost', `[::1]x:${port}`, null]) {
      for (const path of ['/results/summary.json', '/results/index.json', '/']) {
        const r = await get(port, path, host);
        expect([400, 421], `${host} ${path}`).toContain(r.status);
        expect(r.body).not.toContain('secret');
      }
    }
  });

  it('accepts IP literals, and only those besides localhost, when bound to every address', () => {
    expect(hostAllowed('192.168.1.7:8177', '0.0.0.0', 8177)).toBe(true);
    expect(hostAllowed('[fe80::1]:8177', '::', 8177)).toBe(true);
    expect(hostAllowed('rebind.example:8177', '0.0.0.0', 8177)).toBe(false);
    expect(hostAllowed('192.168.1.7:8177', '127.0.0.1', 8177)).toBe(false);
    expect(hostAllowed('[::1]:8177', '::1', 8177)).toBe(true);
    expect(hostAllowed('10.0.0.2:80', '10.0.0.2', 80)).toBe(true);
    expect(hostAllowed('10.0.0.2', '10.0.0.2', 80)).toBe(true);
  });
});
