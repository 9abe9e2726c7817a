/** `clusterlab policies`: every policy of every registry, as text, JSON or the Markdown of docs/policies.md. */
import { Command } from 'commander';

export function policiesCommand(): Command {
  return new Command('policies')
    .description('list every policy: queue orders, backfilling, placements, framework plugins, dynamics policies')
    .option('--json', 'print them as JSON, with the JSON Schema of each policy\'s parameters')
    .option('--markdown', 'print them as Markdown (docs/policies.md is this output)')
    .addHelpText('after', '\nExamples:\n  $ clusterlab policies\n  $ clusterlab policies --json | jq \'.[] | select(.kind == "failure") | .name\'\n')
    .action(async (opts: { json?: boolean; markdown?: boolean }) => {
      // Loaded here: the registries pull in every policy, which other commands' start-up should not pay for.
      const { listPolicies, policiesMarkdown, policiesText } = await import('../policies.ts');
      const list = listPolicies();
      process.stdout.write(opts.json ? `${JSON.stringify(list, null, 2)}\n` : opts.markdown ? policiesMarkdown(list) : policiesText(list));
    });
}
