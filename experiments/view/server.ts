/**
 * The HTTP server of `clusterlab view`: the built app at /, and one results
 * directory, read-only, under /results/ (with /results/index.json listing its
 * result files, which the app reads first). Listens on 127.0.0.1 unless told
 * otherwise. Every response carries the app's Content-Security-Policy; only
 * GET and HEAD are answered; paths outside the two roots are refused; so are
 * requests whose Host header is not this server's address (host-check.ts).
 */
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { CSP_HEADER } from '../../viz/csp.ts';
import { hostAllowed } from './host-check.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.gz': 'application/gzip',
  '.swf': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Result files the app may read: CSV, JSON and JSON Lines, not hidden, not temporary. */
const RESULT_FILE = /\.(csv|json|jsonl)$/;
const MAX_DEPTH = 4;

/** Relative paths ('/'-separated, sorted) of the result files under `dir`. */
export function listResults(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string, depth: number) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory() && depth < MAX_DEPTH) walk(path, depth + 1);
      else if (entry.isFile() && RESULT_FILE.test(entry.name)) out.push(path);
    }
  };
  walk('', 0);
  return out.sort();
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Security-Policy': CSP_HEADER, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
  res.end(body);
}

/** Streams `root/rel` if it is a file inside root. */
function sendFile(req: IncomingMessage, res: ServerResponse, root: string, rel: string): void {
  const base = resolve(root);
  const path = resolve(base, rel);
  if (path !== base && !path.startsWith(base + sep)) return send(res, 403, 'text/plain', 'forbidden\n');
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    return send(res, 404, 'text/plain', 'not found\n');
  }
  res.writeHead(200, {
    'Content-Type': TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': size,
    'Content-Security-Policy': CSP_HEADER,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(path).pipe(res);
}

function pathOf(req: IncomingMessage): string | null {
  try {
    return decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    return null;
  }
}

/**
 * Answers /results/index.json and /results/<file> from `dir`; returns false for
 * any other path (so Vite's dev server can use it as a middleware).
 */
export function resultsHandler(dir: string): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const path = pathOf(req);
    if (path === null || !path.startsWith('/results/')) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain', 'method not allowed\n');
      return true;
    }
    const rel = path.slice('/results/'.length);
    if (rel === 'index.json') {
      send(res, 200, TYPES['.json']!, `${JSON.stringify({ files: listResults(dir) })}\n`);
      return true;
    }
    // Only the listed result files, nothing else that may lie in the directory.
    if (!RESULT_FILE.test(rel) || rel.split('/').some((p) => p.startsWith('.') || p === '')) send(res, 404, 'text/plain', 'not found\n');
    else sendFile(req, res, dir, rel);
    return true;
  };
}

export interface ViewServerOptions {
  appDir: string;
  resultsDir: string;
  host: string;
  port: number;
}

export function createViewServer(options: ViewServerOptions): Server {
  const results = resultsHandler(options.resultsDir);
  const server = createServer((req, res) => {
    // Against DNS rebinding: the port is the one actually bound (--port 0 picks one).
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : options.port;
    if (!hostAllowed(req.headers.host, options.host, port)) return send(res, 421, 'text/plain', 'misdirected request: the Host header is not this server\'s address\n');
    if (results(req, res)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
    const path = pathOf(req);
    if (path === null) return send(res, 400, 'text/plain', 'bad request\n');
    sendFile(req, res, options.appDir, path === '/' ? 'index.html' : path.slice(1));
  });
  return server;
}

/** Starts listening and resolves with the address to open. */
export function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      const actual = typeof addr === 'object' && addr ? addr.port : port;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolvePromise(`http://${shown}:${actual}/`);
    });
  });
}
