/** Parsing of command-line values, strict: a bad value is a UsageError naming the flag. */
import { UsageError } from '../../sim/errors.ts';
import { nearest } from '../../sim/nearest.ts';

export function positiveInt(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
      throw new UsageError(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
    }
    return Number(value);
  };
}

export function nonNegativeInt(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
      throw new UsageError(`${flag} must be a non-negative integer, got ${JSON.stringify(value)}`);
    }
    return Number(value);
  };
}

export function positiveNumber(flag: string) {
  return (value: string): number => {
    if (!/^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value) || !(Number(value) > 0) || !Number.isFinite(Number(value))) {
      throw new UsageError(`${flag} must be a positive number, got ${JSON.stringify(value)}`);
    }
    return Number(value);
  };
}

export function oneOf<T extends string>(flag: string, values: readonly T[]) {
  return (value: string): T => {
    if (!(values as readonly string[]).includes(value)) {
      const near = nearest(value, values);
      throw new UsageError(`${flag} must be one of ${values.join(', ')}, got ${JSON.stringify(value)}${near ? ` (did you mean ${near}?)` : ''}`);
    }
    return value as T;
  };
}

/** A TCP port: 0 (any free port) to 65535. */
export function port(flag: string) {
  return (value: string): number => {
    const n = nonNegativeInt(flag)(value);
    if (n > 65535) throw new UsageError(`${flag} must be a port number from 0 to 65535, got ${JSON.stringify(value)}`);
    return n;
  };
}
