/**
 * The clusterlab command line. Each command lives in commands/; this file
 * wires them and maps errors to exit codes: 0 ok, 1 simulation failure,
 * 2 usage or input error. Every error is one readable line on stderr.
 */
import { Command, CommanderError } from 'commander';
import { InputError, SimulationError, UsageError } from '../sim/errors.ts';
import { ExitStatus } from './exit-status.ts';
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
import { completionCommand } from './commands/completion.ts';
import { policiesCommand } from './commands/policies.ts';
import { VERSION } from './version.ts';
import { ignoreClosedPipe } from './progress.ts';

export function buildProgram(): Command {
  const program = new Command('clusterlab')
    .description('deterministic discrete-event simulator of server clusters and scheduling policies')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
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
  program.addCommand(policiesCommand());
  program.addCommand(completionCommand(() => program));
  program.exitOverride();
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
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
  const e = err as Error;
  process.stderr.write(`clusterlab: internal error: ${e?.stack ?? String(err)}\n`);
  return 1;
}
