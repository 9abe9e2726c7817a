/** Helpers for the importer tests: parse text in memory, catch the InputError. */
import { expect } from 'vitest';
import { InputError } from '../../sim/errors.ts';
import { parseTexts, type TraceParser } from '../../traces/parser.ts';
import type { Workload } from '../../workloads/workload.ts';

/** Parses `text` as table `table` of a new parser from `make`. */
export function parseOne(make: () => TraceParser, table: string, text: string, file = 'f.csv'): Workload {
  return parseTexts(make(), [{ file, table, text }]);
}

export function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

export async function asyncErrorOf(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}
