/** `clusterlab completion`: the bash script run in a real bash; the fish and zsh scripts from the same commands. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../experiments/cli/cli.ts';
import { commandTree, completionScript } from '../../experiments/cli/commands/completion.ts';

const dir = mkdtempSync(join(tmpdir(), 'clusterlab-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What bash completes for the words typed so far (the last one is being typed). */
function complete(script: string, words: string[]): string[] {
  const file = join(dir, 'c.bash');
  writeFileSync(file, script);
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const out = execFileSync('bash', ['-c', `source ${file}; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _clusterlab; printf '%s\\n' "\${COMPREPLY[@]}"`], { cwd: dir, encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

describe('clusterlab completion', async () => {
  const program = await buildProgram();
  const bash = completionScript(program, 'bash');

  it('completes commands, subcommands, options and the values of options with choices in bash', () => {
    expect(complete(bash, ['clusterlab', 'si'])).toEqual(['simulate']);
    expect(complete(bash, ['clusterlab', 'simulate', '--exp']).sort()).toEqual(['--explain', '--explain-nodes']);
    expect(complete(bash, ['clusterlab', 'simulate', '--overrun', ''])).toEqual(['run', 'cut']);
    expect(complete(bash, ['clusterlab', 'trace', ''])).toEqual(['info', 'convert']);
    expect(complete(bash, ['clusterlab', 'trace', 'info', '--js'])).toEqual(['--json']);
    // After a command without subcommands, a word completes as a path.
    writeFileSync(join(dir, 'study.yaml'), '');
    expect(complete(bash, ['clusterlab', 'run', 'stu'])).toEqual(['study.yaml']);
  });

  it('lists every command and option of the program, so the scripts cannot drift from it', () => {
    const tree = commandTree(program);
    const fish = completionScript(program, 'fish');
    const zsh = completionScript(program, 'zsh');
    for (const c of program.commands.filter((x) => x.name() !== 'help')) {
      expect(bash).toContain(c.name());
      expect(fish).toContain(`-a ${c.name()} `);
    }
    const simulate = tree.find((c) => c.path.join(' ') === 'simulate')!;
    for (const o of simulate.options) for (const f of o.flags) expect(bash).toContain(f);
    expect(fish).toMatch(/-n '__fish_seen_subcommand_from simulate' -l overrun -x -a 'run cut'/);
    expect(zsh).toMatch(/^#compdef clusterlab$/m);
    expect(zsh).toContain('bashcompinit');
    expect(() => completionScript(program, 'tcsh')).toThrow(/unknown shell "tcsh"; valid: bash, zsh, fish/);
  });
});
