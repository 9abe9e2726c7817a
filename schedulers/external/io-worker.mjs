// I/O thread of an external scheduler (see client.ts). Plain JavaScript so that
// it runs as a worker under any loader. It spawns the scheduler process, writes
// each request line to its standard input, and hands back the next line of its
// standard output through a SharedArrayBuffer, waking the engine's thread,
// which waits synchronously (Atomics.wait) with a timeout.
import { spawn } from 'node:child_process';
import { parentPort, workerData } from 'node:worker_threads';

const { command, args, sab } = workerData;
const header = new Int32Array(sab, 0, 2); // [state, byteLength]; state: 0 waiting, 1 line, 2 process ended or failed
const body = new Uint8Array(sab, 8);
const encoder = new TextEncoder();

let stderrTail = '';
let buffer = '';
const lines = [];
let waiting = false;
let ended = null;

function deliver(state, text) {
  const bytes = encoder.encode(text);
  if (bytes.length > body.length) {
    state = 2;
    const msg = encoder.encode(`answer of ${bytes.length} bytes is larger than the ${body.length}-byte limit`);
    body.set(msg);
    Atomics.store(header, 1, msg.length);
  } else {
    body.set(bytes);
    Atomics.store(header, 1, bytes.length);
  }
  Atomics.store(header, 0, state);
  Atomics.notify(header, 0);
}

function pump() {
  if (!waiting) return;
  if (lines.length > 0) {
    waiting = false;
    deliver(1, lines.shift());
  } else if (ended !== null) {
    waiting = false;
    deliver(2, ended);
  }
}

const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
child.stdout.setEncoding('utf8');
child.stdout.on('data', (chunk) => {
  buffer += chunk;
  let i;
  while ((i = buffer.indexOf('\n')) >= 0) {
    const line = buffer.slice(0, i).replace(/\r$/, '');
    buffer = buffer.slice(i + 1);
    if (line.trim() !== '') lines.push(line);
  }
  pump();
});
child.stderr.setEncoding('utf8');
child.stderr.on('data', (chunk) => {
  stderrTail = (stderrTail + chunk).slice(-2000);
});
child.on('error', (err) => {
  ended = `could not start: ${err.message}`;
  pump();
});
child.on('exit', (code, signal) => {
  const tail = stderrTail.trim().split('\n').slice(-3).join(' | ');
  ended = `exited (${signal ? `signal ${signal}` : `code ${code}`})${tail ? `; stderr: ${tail}` : ''}`;
  pump();
});
child.stdin.on('error', () => {});

parentPort.on('message', (msg) => {
  if (msg.type === 'send') {
    waiting = true;
    if (ended === null) child.stdin.write(`${msg.line}\n`);
    pump();
  } else if (msg.type === 'close') {
    child.stdin.end();
    const t = setTimeout(() => child.kill('SIGKILL'), 1000);
    t.unref();
    child.on('exit', () => process.exit(0));
    if (child.exitCode !== null || child.signalCode !== null) process.exit(0);
  }
});
