/** Parsing of command-line values, strict: a bad value is a UsageError naming the flag. */
import { UsageError } from '../sim/errors.ts';

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
      throw new UsageError(`${flag} must be one of ${values.join(', ')}, got ${JSON.stringify(value)}`);
    }
    return value as T;
  };
}
