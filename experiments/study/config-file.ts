/**
 * Reading an experiment config file (YAML, or JSON by extension) into a
 * resolved ExperimentConfig. Every problem is one InputError naming the file,
 * the line of the bad field (YAML and JSON alike), the field path and the value:
 *   study.yaml:7: unknown backfill ... (field variants.1.backfill, value "eazy")
 * Problems found later, when the files a config names are read (study.ts),
 * are reported the same way through `problem()`.
 */
import { readFileSync } from 'node:fs';
import { fsReason } from '../../sim/fs-errors.ts';
import { basename, dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { InputError } from '../../sim/errors.ts';
import { jsonErrorPosition } from './json-position.ts';
import { type Budgets, type ConfigProblem, type ExperimentConfig } from './config.ts';
import { resolveConfig } from './resolve-config.ts';

export interface LoadedConfig {
  config: ExperimentConfig;
  budgets: Budgets;
  /** The config file as given, and the directory its relative paths start from. */
  file: string;
  baseDir: string;
  /** An InputError for a problem at `path` of the config, with the file and the line of that field. */
  problem(problem: ConfigProblem): InputError;
}

/** Formats a path as written in errors: `variants.1.backfill`, `grid["workload.trace"].0`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'string' && p.includes('.') ? `[${JSON.stringify(p)}]` : `${i > 0 ? '.' : ''}${p}`)).join('').replace(/\.\[/g, '[');
}

export function loadConfigFile(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read: ${fsReason(err)}`, { file });
  }
  const isJson = /\.json$/i.test(file);
  let value: unknown;
  let doc: Document | null = null;
  const lines = new LineCounter();
  if (isJson) {
    try {
      value = JSON.parse(text);
    } catch (err) {
      // The message quotes the text; the line (and column) say where it went wrong.
      const at = jsonErrorPosition(text);
      const message = (err as Error).message.split('\n')[0]!.replace(/, ".*$/, '').replace(/ in JSON at position \d+.*$/, '');
      throw new InputError(`not valid JSON: ${message}`, { file, line: at?.line, column: at?.column });
    }
    // JSON is YAML: the YAML parser gives the lines of the fields, for the errors below.
    const located = parseDocument(text, { lineCounter: lines });
    if (located.errors.length === 0) doc = located;
  } else {
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      throw new InputError(`not valid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, { file, line: e.linePos?.[0].line });
    }
    value = doc.toJS({ maxAliasCount: 1000 });
  }
  if (value === null || value === undefined) throw new InputError('empty config', { file });
  const defaultName = basename(file).replace(/\.(ya?ml|json)$/i, '').replace(/[^A-Za-z0-9_-]/g, '-');
  const result = resolveConfig(value, defaultName);
  if (!result.ok) throw problemError(result.problem, file, doc, lines);
  return { config: result.config, budgets: result.budgets, file, baseDir: dirname(resolve(file)), problem: (p) => problemError(p, file, doc, lines) };
}

function problemError(problem: ConfigProblem, file: string, doc: Document | null, lines: LineCounter): InputError {
  let line: number | undefined;
  if (doc) {
    // The line of the field, or of the nearest enclosing field that exists.
    for (let n = problem.path.length; n >= 0 && line === undefined; n--) {
      const node = doc.getIn(problem.path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range && n > 0) line = lines.linePos(node.range[0]).line;
    }
  }
  const shown = problem.value === undefined ? 'missing' : typeof problem.value === 'string' ? problem.value : JSON.stringify(problem.value);
  return new InputError(problem.message, { file, line, field: formatPath(problem.path) || '(config)', value: shown });
}
