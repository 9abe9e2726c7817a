/**
 * Helpers of the browser tests: Debian's Chromium driven by playwright-core
 * (installed by .ci/run), `clusterlab view` started as a user would, and the
 * page's console errors and CSP violations collected.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = resolve('test/output/screenshots');

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface Problems {
  console: string[];
  csp: string[];
  requests: string[];
}

/** A page that records console errors, uncaught errors, CSP violations and requests to other origins. */
export async function watchedPage(browser: Browser, origin: string): Promise<{ page: Page; problems: Problems }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
  const problems: Problems = { console: [], csp: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.console.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) problems.requests.push(r.url());
  });
  await page.exposeFunction('__reportCsp', (text: string) => problems.csp.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __reportCsp(t: string): void }).__reportCsp(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { page, problems };
}

/** Starts `clusterlab view DIR --no-open --port 0` and resolves with the address it prints. */
export function startView(dir: string): Promise<{ url: string; child: ChildProcess }> {
  // stdin stays open to this process: exit-with-parent.mjs stops the server when it closes.
  const child = spawn(process.execPath, ['--import', resolve('test/e2e/exit-with-parent.mjs'), resolve('bin/clusterlab.js'), 'view', dir, '--no-open', '--port', '0'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new Promise((ok, fail) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`clusterlab view printed no address: ${out}${err}`)), 60_000);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /serving .* at (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ url: m[1]!, child });
      }
    });
    child.on('exit', (code) => fail(new Error(`clusterlab view exited ${code}: ${out}${err}`)));
  });
}

export function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

export async function screenshot(page: Page, selector: string, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.locator(selector).screenshot({ path: resolve(SCREENSHOTS, `${name}.png`) });
}

/** Waits until the app says it is done with `states` (body data-state). */
export async function waitForState(page: Page, states: string[], timeout = 60_000): Promise<string> {
  await page.waitForFunction((s) => s.includes(document.body.dataset.state ?? ''), states, { timeout });
  return page.evaluate(() => document.body.dataset.state ?? '');
}
