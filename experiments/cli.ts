/**
 * The clusterlab command line. Each command lives in commands/; this file
 * wires them and maps errors to exit codes: 0 ok, 1 simulation failure,
 * 2 usage or input error. Every error is one readable line on stderr.
 */
import { Command, CommanderError } from 'commander';
import { InputError, SimulationError, UsageError } from '../sim/errors.ts';
import { ExitStatus } from './exit-status.ts';
import { errnoCode, fsInputError } from '../sim/fs-errors.ts';
import { compareCommand } from './commands/compare.ts';
import { defaultCommand } from './commands/default.ts';
import { scenarioCommand } from './commands/scenario.ts';
import { initCommand, schemaCommand, validateCommand } from './commands/experiment-files.ts';
import { mergeCommand } from './commands/merge.ts';
import { runCommand } from './commands/run.ts';
import { simulateCommand } from './commands/simulate.ts';
import { checkSchedulerCommand, ConformanceFailure } from './commands/check-scheduler.ts';
import { workloadCommand } from './commands/workload.ts';
import { viewCommand } from './commands/view.ts';
import { traceCommand } from './commands/trace.ts';
import { VERSION } from './version.ts';
import { ignoreClosedPipe } from './progress.ts';

export function buildProgram(): Command {
  const program = new Command('clusterlab')
    .description('deterministic discrete-event simulator of server clusters and scheduling policies')
    .version(VERSION)
    .addHelpText('after', '\nExamples:\n  $ clusterlab simulate --help\n  $ clusterlab simulate --trace traces/samples/KTH-SP2-1996-2.1-cln.swf.gz --queue fcfs --backfill easy --out out/kth-easy\n  $ clusterlab default\n  $ clusterlab scenario experiments/scenarios/zone-outage-recovery.yaml --out out/zone\n  $ clusterlab init study.yaml && clusterlab run study.yaml --out results/study\n');
  program.addCommand(simulateCommand());
  program.addCommand(defaultCommand());
  program.addCommand(workloadCommand());
  program.addCommand(checkSchedulerCommand());
  program.addCommand(viewCommand());
  program.addCommand(traceCommand());
  program.addCommand(scenarioCommand());
  program.addCommand(runCommand());
  program.addCommand(compareCommand());
  program.addCommand(mergeCommand());
  program.addCommand(validateCommand());
  program.addCommand(schemaCommand());
  program.addCommand(initCommand());
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
  const program = buildProgram();
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
  if (err instanceof ConformanceFailure) return 1; // the report is already printed
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
