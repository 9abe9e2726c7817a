/**
 * Commands are loaded when they run (experiments/cli/cli.ts): `--version`,
 * `--help` and a small command import neither the schedulers, nor the study
 * machinery, nor the browser app. The top-level help's stubs say what the
 * commands themselves say.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Help } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMAND_ENTRIES, loadCommand } from '../../experiments/cli/cli.ts';
import { BIN, removeTemporaries, smallTrace, tmp } from './helpers.ts';

afterAll(removeTemporaries);
const LOG_HOOK = resolve('test/experiments/fixtures/load-log.mjs');

/** The repository files (relative) a run of the CLI from its sources loads. */
function loaded(args: string[]): string[] {
  const log = join(tmp('load-log'), 'modules.txt');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', LOG_HOOK, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CLUSTERLAB_LOAD_LOG: log, CLUSTERLAB_CLI: 'source' },
  });
  expect(r.status, r.stderr).toBe(0);
  const root = `file://${resolve('.')}/`;
  return [...new Set(readFileSync(log, 'utf8').split('\n').filter((u) => u.startsWith(root)).map((u) => u.slice(root.length).split('?')[0]!))];
}

const HEAVY = /^(schedulers\/|viz\/|experiments\/(study\/(study|pool|run-one|worker|plan|scenario-study)\b|scenario\/|view\/)|node_modules\/(vite|d3))/;

describe('lazy command loading', () => {
  it('--version and --help load no command module, scheduler, study or app', () => {
    for (const args of [['--version'], ['--help']]) {
      const files = loaded(args);
      expect(files).toContain('experiments/cli/cli.ts');
      expect(files.filter((f) => f.startsWith('experiments/cli/commands/') || HEAVY.test(f)), args.join(' ')).toEqual([]);
    }
  });

  it('trace info loads its own command only, no scheduler, study or app', () => {
    const files = loaded(['trace', 'info', smallTrace(tmp('lazy'), 20)]);
    expect(files).toContain('experiments/cli/commands/trace.ts');
    expect(files.filter((f) => (f.startsWith('experiments/cli/commands/') && f !== 'experiments/cli/commands/trace.ts') || HEAVY.test(f))).toEqual([]);
  });

  it('plot --help loads its own command only: no view, DOM or converter until it draws', () => {
    const files = loaded(['plot', '--help']);
    expect(files).toContain('experiments/cli/commands/plot.ts');
    expect(files.filter((f) => (f.startsWith('experiments/cli/commands/') && f !== 'experiments/cli/commands/plot.ts') || HEAVY.test(f) || /jsdom|resvg|pdfkit/.test(f))).toEqual([]);
  });

  it("the top-level help's stubs match the commands' own terms and descriptions", async () => {
    const help = new Help();
    for (const [name, entry] of Object.entries(COMMAND_ENTRIES)) {
      const command = await loadCommand(name);
      expect(command.name()).toBe(name);
      expect(entry.term).toBe(help.subcommandTerm(command));
      expect(entry.description).toBe(command.description());
    }
  });
});
