/**
 * Error types. Expected outcomes (a job that does not fit yet) are values, not
 * errors; these are for bad input and for bugs or impossible decisions.
 *
 * The CLI maps them to exit codes: InputError and UsageError → 2,
 * SimulationError → 1.
 */

/** Where in an input a problem was found. Every field is optional but the more the better. */
export interface InputLocation {
  file?: string;
  line?: number;
  column?: number;
  field?: string;
  value?: string;
}

/** Bad input: a malformed trace line, a wrong config field. Names file, line, field and value. */
export class InputError extends Error {
  readonly location: InputLocation;
  readonly reason: string;

  constructor(reason: string, location: InputLocation = {}) {
    super(formatInputMessage(reason, location));
    this.name = 'InputError';
    this.reason = reason;
    this.location = location;
  }
}

/** A wrong command-line usage (unknown policy name, conflicting flags). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * The simulation cannot go on: a policy returned an impossible decision, or an
 * invariant broke. `source` names the policy or component at fault.
 */
export class SimulationError extends Error {
  readonly source: string;
  readonly time: number;

  constructor(source: string, time: number, message: string) {
    super(`${source} at t=${time}: ${message}`);
    this.name = 'SimulationError';
    this.source = source;
    this.time = time;
  }
}

function formatInputMessage(reason: string, loc: InputLocation): string {
  let where = loc.file ?? '<input>';
  if (loc.line !== undefined) where += `:${loc.line}`;
  if (loc.column !== undefined) where += `:${loc.column}`;
  const parts: string[] = [];
  if (loc.field !== undefined) parts.push(`field ${loc.field}`);
  if (loc.value !== undefined) parts.push(`value ${JSON.stringify(shorten(loc.value))}`);
  return `${where}: ${reason}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * A value is quoted whole up to 200 characters (a path, a field of a trace
 * line), so the user can find it; longer (a binary or run-together line) it is
 * cut, saying how long it was.
 */
export const MAX_VALUE_CHARS = 200;
function shorten(value: string): string {
  return value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS - 3)}... (${value.length} characters)` : value;
}
