/**
 * The clusterlab command line. Each command lives in commands/; this file
 * wires them and maps errors to exit codes: 0 ok, 1 simulation failure,
 * 2 usage or input error. Every error is one readable line on stderr.
 */
import { Command, CommanderError, Help } from 'commander';
import { InputError, SimulationError, UsageError } from '../../sim/errors.ts';
import { ExitStatus } from './exit-status.ts';
import { errnoCode, fsInputError } from '../../sim/fs-errors.ts';
import { VERSION } from '../results/version.ts';
import { ignoreClosedPipe } from '../study/progress.ts';

/**
 * The commands, each loaded only when it runs: `--version`, `--help` and a
 * small command must not pay for importing the simulator, the study machinery
 * or the schedulers they never use. The top-level help lists every command
 * from its `term` and `description` here (test/experiments/cli-lazy.test.ts
 * checks them against the commands themselves).
 */
interface CommandEntry {
  term: string;
  description: string;
  load: () => Promise<Command>;
}

const COMMANDS: Record<string, CommandEntry> = {
  simulate: { term: 'simulate [options]', description: 'replay a workload trace under one scheduler and write its results', load: async () => (await import('./commands/simulate.ts')).simulateCommand() },
  default: { term: 'default [options]', description: 'compare fcfs, easy, conservative and sjf+easy on the KTH SP2 log shipped in the repo (npm start)', load: async () => (await import('./commands/default.ts')).defaultCommand() },
  workload: { term: 'workload', description: 'synthetic workloads', load: async () => (await import('./commands/workload.ts')).workloadCommand() },
  'check-scheduler': { term: 'check-scheduler [options] [scheduler]', description: 'run a scheduler through the conformance suite: no impossible decision, no lost job, no stall, deterministic', load: loadCheckScheduler },
  view: { term: 'view [options] <dir>', description: 'open a results directory in the browser app (served on 127.0.0.1)', load: async () => (await import('./commands/view.ts')).viewCommand() },
  trace: { term: 'trace', description: 'inspect and convert workload traces of any format', load: async () => (await import('./commands/trace.ts')).traceCommand() },
  scenario: { term: 'scenario [options] <file>', description: 'run a dynamic scenario (services, autoscaling, failures, rollouts, drift) and its variants', load: async () => (await import('./commands/scenario.ts')).scenarioCommand() },
  run: { term: 'run [options] <experiment>', description: 'run every variant x grid point x seed of an experiment in worker threads', load: async () => (await import('./commands/run.ts')).runCommand() },
  plot: { term: 'plot [options] <dir>', description: "draw the browser app's views of a results directory as SVG, PNG or PDF files, sized for a paper", load: async () => (await import('./commands/plot.ts')).plotCommand() },
  compare: { term: 'compare [options] <dir>', description: 'compare the variants of a study: means, 95% intervals and paired differences with the baseline', load: async () => (await import('./commands/compare.ts')).compareCommand() },
  merge: { term: 'merge <dir>', description: 'check that every shard of a study is done and write runs.csv and summary.json', load: async () => (await import('./commands/merge.ts')).mergeCommand() },
  validate: { term: 'validate <file>', description: 'check an experiment config: fields, policy names, grid, input files', load: async () => (await import('./commands/experiment-files.ts')).validateCommand() },
  schema: { term: 'schema [options]', description: 'print the JSON Schema of experiment configs (draft-07), for editors', load: async () => (await import('./commands/experiment-files.ts')).schemaCommand() },
  init: { term: 'init [options] [file]', description: 'write a commented starting experiment config', load: async () => (await import('./commands/experiment-files.ts')).initCommand() },
  policies: { term: 'policies [options]', description: 'list every policy: queue orders, backfilling, placements, framework plugins, dynamics policies', load: async () => (await import('./commands/policies.ts')).policiesCommand() },
  // The completion script lists every command with its options: it builds the whole program when it runs.
  completion: { term: 'completion <shell>', description: 'print a shell completion script (bash, zsh or fish)', load: async () => (await import('./commands/completion.ts')).completionCommand(() => buildProgram()) },
};

export const COMMAND_ENTRIES: Readonly<Record<string, Omit<CommandEntry, 'load'>>> = COMMANDS;
export const loadCommand = (name: string): Promise<Command> => COMMANDS[name]!.load();

/** The class check-scheduler throws when a scheduler fails the suite, once that command is loaded. */
let conformanceFailure: (new (report: string) => Error) | null = null;

async function loadCheckScheduler(): Promise<Command> {
  const mod = await import('./commands/check-scheduler.ts');
  conformanceFailure = mod.ConformanceFailure;
  return mod.checkSchedulerCommand();
}

/** The command `argv` names (`clusterlab help X` names X), if any: the first word that is not an option. */
function commandNamed(argv: readonly string[]): string | undefined {
  const first = argv.find((a) => !a.startsWith('-'));
  if (first === 'help') return argv[argv.indexOf('help') + 1];
  return first;
}

/**
 * The program with the command `argv` names loaded, and every other command a
 * stub that only names itself for the help (with no argv: every command loaded).
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command('clusterlab')
    .description('deterministic discrete-event simulator of server clusters and scheduling policies')
    .version(VERSION)
    .addHelpText('after', '\nExamples:\n  $ clusterlab simulate --help\n  $ clusterlab simulate --trace traces/samples/KTH-SP2-1996-2.1-cln.swf.gz --queue fcfs --backfill easy --out out/kth-easy\n  $ clusterlab default\n  $ clusterlab scenario experiments/scenario/examples/zone-outage-recovery.yaml --out out/zone\n  $ clusterlab init study.yaml && clusterlab run study.yaml --out results/study\n');
  const wanted = argv ? commandNamed(argv) : undefined;
  const stubs = new Map<Command, string>();
  for (const [name, entry] of Object.entries(COMMANDS)) {
    if (!argv || name === wanted) {
      program.addCommand(await entry.load());
      continue;
    }
    const stub = new Command(name).description(entry.description);
    stubs.set(stub, entry.term);
    program.addCommand(stub);
  }
  const help = new Help();
  program.configureHelp({ subcommandTerm: (cmd) => stubs.get(cmd) ?? help.subcommandTerm(cmd) });
  oneLineErrors(program);
  return program;
}

/**
 * Commander's own errors (an unknown option, a missing argument) as every other
 * error: one line, `clusterlab: error: ...`, the pointer to --help folded into
 * it; and thrown (exitOverride) so that main() returns the exit code. Applied to
 * every command and subcommand: nested commands do not inherit these settings.
 */
function oneLineErrors(cmd: Command): void {
  cmd.exitOverride().showHelpAfterError(false);
  cmd.configureOutput({
    outputError: (text, write) => {
      const message = text.trim().replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
      const path = commandPath(cmd);
      write(`clusterlab: error: ${message}; see clusterlab ${path ? `${path} ` : ''}--help\n`);
    },
  });
  for (const sub of cmd.commands) oneLineErrors(sub);
}

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  // `clusterlab ... | head`: a reader that goes away is not a crash (the results are in files).
  ignoreClosedPipe(process.stdout);
  ignoreClosedPipe(process.stderr);
  const program = await buildProgram(argv);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    return reportError(err);
  }
}

function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // Help and version are "errors" to commander; they exit 0.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    return 2; // commander already printed the message
  }
  if (err instanceof ExitStatus) return err.code; // the command has reported what happened
  if (err instanceof InputError || err instanceof UsageError) {
    process.stderr.write(`clusterlab: error: ${err.message}\n`);
    return 2;
  }
  if (conformanceFailure && err instanceof conformanceFailure) return 1; // the report is already printed
  if (err instanceof SimulationError) {
    process.stderr.write(`clusterlab: simulation failed: ${err.message}\n`);
    return 1;
  }
  // A file-system error no command caught (a directory where a file was expected, a
  // permission): the user's to fix, so one line naming the path, not a stack trace.
  if (errnoCode(err)) {
    process.stderr.write(`clusterlab: error: ${fsInputError(err as NodeJS.ErrnoException).message}\n`);
    return 2;
  }
  const e = err as Error;
  process.stderr.write(`clusterlab: internal error: ${e?.stack ?? String(err)}\n`);
  return 1;
}
