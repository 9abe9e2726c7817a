/** `clusterlab workload generate`: a synthetic workload from a spec file and a seed. */
import { readFileSync } from 'node:fs';
import { fsReason } from '../../../sim/fs-errors.ts';
import { basename, dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { InputError } from '../../../sim/errors.ts';
import { generateWorkload, traceReferences } from '../../../workloads/generate.ts';
import { parseGeneratorSpec } from '../../../workloads/spec.ts';
import { offeredLoad } from '../../../workloads/transforms/load.ts';
import type { Workload } from '../../../workloads/workload.ts';
import { writeCanonicalFile } from '../../results/canonical-file.ts';
import { checkOutFile } from '../../results/out-dir.ts';
import { loadWorkload } from '../../run/load.ts';
import { nonNegativeInt } from '../options.ts';
import { fmt } from '../../results/table.ts';

export function workloadCommand(): Command {
  const workload = new Command('workload')
    .description('synthetic workloads')
    .addHelpText('after', '\nExamples:\n  $ clusterlab workload generate workloads/examples/poisson-lognormal.yaml --seed 3 --out poisson.jsonl\n  $ clusterlab workload generate --help\n');
  workload.addCommand(
    new Command('generate')
      .description('generate a synthetic workload from a spec file (JSON or YAML) and write it as canonical JSON Lines')
      .argument('<spec>', 'generator spec, JSON or YAML (see workloads/examples/)')
      .option('--seed <n>', 'seed of the random streams', nonNegativeInt('--seed'), 1)
      .requiredOption('-o, --out <file>', 'canonical workload to write (.jsonl, or .jsonl.gz for gzip)')
      .addHelpText(
        'after',
        `
Examples:
  $ clusterlab workload generate workloads/examples/lublin-128.yaml --seed 1 --out lublin.jsonl
  $ clusterlab workload generate workloads/examples/bursty-gpu.yaml --seed 7 --out gpu.jsonl.gz
  $ clusterlab simulate --trace lublin.jsonl --backfill easy

Same spec and seed, same bytes. Exit codes: 0 ok, 2 bad spec or option.`,
      )
      .action(async (specPath: string, opts: { seed: number; out: string }) => {
        checkOutFile(opts.out, '--out');
        let text: string;
        try {
          text = readFileSync(specPath, 'utf8');
        } catch (err) {
          throw new InputError(`cannot read the spec: ${fsReason(err)}`, { file: specPath });
        }
        const spec = parseGeneratorSpec(text, specPath);
        // Traces named in the spec are read relative to the spec's directory.
        const traces = new Map<string, Workload>();
        for (const path of traceReferences(spec)) traces.set(path, await loadWorkload(resolve(dirname(specPath), path)));
        const result = generateWorkload(spec, opts.seed, { file: basename(specPath), traces });
        // Streamed, as trace convert writes: holding the whole text of 10^6 jobs doubled the peak RSS.
        await writeCanonicalFile(opts.out, result, '--out');
        process.stdout.write(`${describe(result)}; written to ${opts.out}\n`);
      }),
  );
  return workload;
}

function describe(w: Workload): string {
  const services = w.jobs.filter((j) => j.kind === 'service').length;
  let text = `${w.jobs.length - services} jobs${services ? ` and ${services} service${services > 1 ? 's' : ''}` : ''}`;
  text += ` on ${w.cluster!.nodes.length} nodes`;
  const batch = w.jobs.filter((j) => Number.isFinite(j.runtime));
  if (batch.length >= 2) {
    const load = offeredLoad(batch, w.cluster!);
    if (load.span > 0) text += `, offered load ${fmt(load.load, 3)} (${load.resource}) over ${fmt(load.span / 86_400, 2)} days`;
  }
  return text;
}
