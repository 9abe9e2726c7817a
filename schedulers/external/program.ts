/**
 * The line to an external scheduler program (client.ts): a worker thread
 * (io-worker.mjs) owns the child process and its pipes, and the engine's
 * thread sends a line and waits for the answer line with Atomics.wait and a
 * timeout, so the engine stays synchronous and deterministic. A program that
 * exits, does not answer in time, or answers with something that is not a JSON
 * object ends the run: the program is closed and a SimulationError names it.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SimulationError } from '../../sim/errors.ts';

/** The answer buffer: header (state, length), then up to this many bytes of answer. */
const ANSWER_BYTES = 16 * 1024 * 1024;

/** How to run `spec`: a .py file with python3, a .js/.mjs file with node, anything else as an executable (a command line with spaces is split on spaces). */
export function commandFor(spec: string): { command: string; args: string[] } {
  if (/\.py$/i.test(spec)) return { command: 'python3', args: [spec] };
  const parts = spec.split(/\s+/).filter(Boolean);
  return { command: parts[0]!, args: parts.slice(1) };
}

export class SchedulerProgram {
  /** `external scheduler <spec>`, the program's name in messages. */
  readonly label: string;
  /** The policy's name in errors: the label until the program names itself in its hello. */
  name: string;
  private readonly spec: string;
  private readonly timeoutSeconds: number;
  private worker: Worker | null = null;
  private sab!: SharedArrayBuffer;
  private header!: Int32Array;
  private readonly decoder = new TextDecoder();

  constructor(spec: string, timeoutSeconds: number) {
    this.spec = spec;
    this.timeoutSeconds = timeoutSeconds;
    this.label = `external scheduler ${spec}`;
    this.name = this.label;
  }

  /** Running: started and not closed since. */
  get running(): boolean {
    return this.worker !== null;
  }

  /** Starts the program (through the worker thread). */
  open(): void {
    this.sab = new SharedArrayBuffer(8 + ANSWER_BYTES);
    this.header = new Int32Array(this.sab, 0, 2);
    const { command, args } = commandFor(this.spec);
    const workerPath = resolve(fileURLToPath(new URL('.', import.meta.url)), 'io-worker.mjs');
    this.worker = new Worker(workerPath, { workerData: { command, args, sab: this.sab } });
    this.worker.unref();
  }

  /** Ends the run: closes the program and throws, naming it. */
  fail(now: number, message: string): never {
    this.close();
    throw new SimulationError(this.name, now, message);
  }

  /** Sends one line and waits for the answer line (synchronously, with the timeout). */
  exchange(now: number, message: Record<string, unknown>): Record<string, unknown> {
    const { header, label, timeoutSeconds } = this;
    Atomics.store(header, 0, 0);
    this.worker!.postMessage({ type: 'send', line: JSON.stringify(message, (_k, v) => (v === Infinity ? null : v)) });
    const r = Atomics.wait(header, 0, 0, timeoutSeconds * 1000);
    if (r === 'timed-out') this.fail(now, `${label} did not answer within ${timeoutSeconds} s (message ${String(message.type)})`);
    const state = Atomics.load(header, 0);
    const text = this.decoder.decode(new Uint8Array(this.sab, 8, Atomics.load(header, 1)).slice());
    if (state === 2) this.fail(now, `${label} ${text}`);
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      this.fail(now, `${label} answered with something that is not JSON: ${JSON.stringify(text.slice(0, 200))}`);
    }
    if (!answer || typeof answer !== 'object' || Array.isArray(answer)) this.fail(now, `${label} answered with ${JSON.stringify(text.slice(0, 200))}; expected a JSON object`);
    return answer as Record<string, unknown>;
  }

  /** Tells the program the run is over and lets the worker close its pipes (or ends the worker if it is gone). */
  close(): void {
    if (!this.worker) return;
    const w = this.worker;
    this.worker = null;
    try {
      w.postMessage({ type: 'send', line: JSON.stringify({ type: 'end' }) });
      w.postMessage({ type: 'close' });
    } catch {
      void w.terminate();
    }
  }
}
