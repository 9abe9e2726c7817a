/**
 * The CLI's errors across a worker-thread boundary: structured clone keeps
 * only the message of an Error, and the exit code depends on its class
 * (InputError and UsageError 2, SimulationError 1), so they travel as plain
 * data and are rebuilt on the main thread with the same message.
 */
import { InputError, SimulationError, UsageError, type InputLocation } from '../../sim/errors.ts';

export type TransferredError =
  | { kind: 'InputError'; reason: string; location: InputLocation }
  | { kind: 'UsageError'; message: string }
  | { kind: 'SimulationError'; source: string; time: number; message: string }
  | { kind: 'Error'; message: string; stack?: string };

export function toTransferable(err: unknown): TransferredError {
  if (err instanceof InputError) return { kind: 'InputError', reason: err.reason, location: err.location };
  if (err instanceof UsageError) return { kind: 'UsageError', message: err.message };
  if (err instanceof SimulationError) return { kind: 'SimulationError', source: err.source, time: err.time, message: err.message };
  const e = err as Error;
  return { kind: 'Error', message: e?.message ?? String(err), stack: e?.stack };
}

export function fromTransferable(t: TransferredError): Error {
  switch (t.kind) {
    case 'InputError':
      return new InputError(t.reason, t.location);
    case 'UsageError':
      return new UsageError(t.message);
    case 'SimulationError': {
      // The message already carries "source at t=time: "; rebuild it from the rest.
      const prefix = `${t.source} at t=${t.time}: `;
      return new SimulationError(t.source, t.time, t.message.startsWith(prefix) ? t.message.slice(prefix.length) : t.message);
    }
    default: {
      const e = new Error(t.message);
      if (t.stack) e.stack = t.stack;
      return e;
    }
  }
}
