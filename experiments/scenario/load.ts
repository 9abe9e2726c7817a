/**
 * Reading scenario files (YAML or JSON) and the files they name, relative to
 * the scenario's directory (plain or gzip, by magic bytes). Node only.
 */
import { readFileSync } from 'node:fs';
import { fsReason } from '../../sim/fs-errors.ts';
import { dirname, extname, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { LineCounter, parseDocument } from 'yaml';
import { InputError } from '../../sim/errors.ts';
import type { Job } from '../../workloads/job.ts';
import { loadWorkload } from '../run/load.ts';
import { locator, nowhere, type Locate } from './positions.ts';
import type { Scenario } from './schema.ts';
import { scenarioVariants, type ScenarioVariant } from './variants.ts';

export interface LoadedScenario {
  file: string;
  variants: ScenarioVariant[];
  /** Reads a file named in the scenario (relative to it); records it as an input. */
  readText(path: string): string;
  /** Absolute paths of the files read so far. */
  readonly inputs: Set<string>;
}

export function readTextFile(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new InputError(`cannot read: ${fsReason(err)}`, { file: path });
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new InputError('truncated or corrupt gzip', { file: path });
    }
  }
  return bytes.toString('utf8');
}

export function parseScenarioText(text: string, file: string): unknown {
  return parseScenarioSource(text, file).doc;
}

/** The document of a scenario file, and where each of its fields is written (for errors naming the line). */
export function parseScenarioSource(text: string, file: string): { doc: unknown; locate: Locate } {
  const lines = new LineCounter();
  if (extname(file).toLowerCase() === '.json') {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new InputError(`not valid JSON: ${(err as Error).message}`, { file });
    }
    // JSON is YAML: the YAML parser gives the lines of the fields.
    const located = parseDocument(text, { lineCounter: lines });
    return { doc, locate: located.errors.length === 0 ? locator(located, lines) : nowhere };
  }
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new InputError(`not valid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, { file, line: e.linePos?.[0]?.line });
  }
  return { doc: doc.toJS(), locate: locator(doc, lines) };
}

export function loadScenarioFile(file: string): LoadedScenario {
  const { doc, locate } = parseScenarioSource(readTextFile(file), file);
  const variants = scenarioVariants(doc, file, locate);
  const dir = dirname(resolve(file));
  const inputs = new Set<string>();
  return {
    file,
    variants,
    inputs,
    readText(path: string) {
      const abs = resolve(dir, path);
      inputs.add(abs);
      return readTextFile(abs);
    },
  };
}

/** The jobs of `batch.trace`, read relative to the scenario file. */
export async function traceJobsOf(scenario: Scenario, loaded: LoadedScenario): Promise<Job[] | undefined> {
  const trace = scenario.batch?.trace;
  if (!trace) return undefined;
  const abs = resolve(dirname(resolve(loaded.file)), trace);
  loaded.inputs.add(abs);
  return (await loadWorkload(abs)).jobs;
}
