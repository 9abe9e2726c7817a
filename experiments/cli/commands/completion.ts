/**
 * `clusterlab completion bash|zsh|fish`: a shell completion script, written
 * from the program's own commands and options (so it never drifts from them):
 * command names, then each command's options, and the values of options that
 * have a fixed set of choices. Paths complete as files, as the shell does.
 */
import { Command, type Option } from 'commander';
import { UsageError } from '../../../sim/errors.ts';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

/** One command path (`simulate`, `trace info`) with its options and their choices. */
interface CommandInfo {
  path: string[];
  description: string;
  options: { flags: string[]; description: string; choices: readonly string[] }[];
  subcommands: string[];
}

function visible(cmd: Command): Command[] {
  return cmd.commands.filter((c) => c.name() !== 'help' && !(c as unknown as { _hidden?: boolean })._hidden);
}

function optionInfo(o: Option): CommandInfo['options'][number] {
  const flags = [o.short, o.long].filter((f): f is string => typeof f === 'string');
  return { flags, description: o.description, choices: o.argChoices ?? [] };
}

/** Every command of the program, depth first, parents before children. */
export function commandTree(program: Command): CommandInfo[] {
  const out: CommandInfo[] = [];
  const walk = (cmd: Command, path: string[]) => {
    for (const c of visible(cmd)) {
      const p = [...path, c.name()];
      out.push({ path: p, description: c.description(), options: [...c.options.filter((o) => !o.hidden).map(optionInfo), { flags: ['-h', '--help'], description: 'display help', choices: [] }], subcommands: visible(c).map((s) => s.name()) });
      walk(c, p);
    }
  };
  walk(program, []);
  return out;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function bash(program: Command): string {
  const tree = commandTree(program);
  const top = visible(program).map((c) => c.name());
  const cases = tree
    .map((c) => {
      const values = c.options
        .filter((o) => o.choices.length > 0)
        .map((o) => `        ${o.flags.join('|')}) COMPREPLY=($(compgen -W ${quote(o.choices.join(' '))} -- "$cur")); return ;;`)
        .join('\n');
      return `    ${quote(c.path.join(' '))})\n      case "$prev" in\n${values}${values ? '\n' : ''}      esac\n      words=${quote(c.options.flatMap((o) => o.flags).join(' '))} ;;`;
    })
    .join('\n');
  return `# clusterlab completion for bash: source it, or save it as ~/.local/share/bash-completion/completions/clusterlab
_clusterlab() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" path="" words="" subs="" i w
  # The command path: the words before the cursor that name commands (not options or their values).
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    subs="$(_clusterlab_sub "$path")"
    [[ " $subs " == *" $w "* ]] && path="\${path:+$path }$w"
  done
  subs="$(_clusterlab_sub "$path")"
  case "$path" in
    '') words='--help --version' ;;
${cases}
  esac
  if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$words" -- "$cur"))
  elif [[ -n "$subs" ]]; then COMPREPLY=($(compgen -W "$subs" -- "$cur"))
  else COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
_clusterlab_sub() {
  case "$1" in
    '') echo ${quote(top.join(' '))} ;;
${tree.filter((c) => c.subcommands.length > 0).map((c) => `    ${quote(c.path.join(' '))}) echo ${quote(c.subcommands.join(' '))} ;;`).join('\n')}
  esac
}
complete -o filenames -F _clusterlab clusterlab
`;
}

function zsh(program: Command): string {
  // zsh runs the bash function through bashcompinit: one definition of what completes, for both shells.
  return `#compdef clusterlab
# clusterlab completion for zsh: source it from ~/.zshrc (it loads bashcompinit)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bash(program)}`;
}

function fish(program: Command): string {
  const tree = commandTree(program);
  const lines = ['# clusterlab completion for fish: save as ~/.config/fish/completions/clusterlab.fish', 'complete -c clusterlab -f'];
  const top = visible(program);
  for (const c of top) lines.push(`complete -c clusterlab -n '__fish_use_subcommand' -a ${c.name()} -d ${quote(c.description())}`);
  for (const c of tree) {
    const seen = `__fish_seen_subcommand_from ${c.path[c.path.length - 1]}`;
    for (const s of c.subcommands) lines.push(`complete -c clusterlab -n ${quote(seen)} -a ${s}`);
    for (const o of c.options) {
      const short = o.flags.find((f) => /^-[^-]/.test(f));
      const long = o.flags.find((f) => f.startsWith('--'));
      const parts = [`complete -c clusterlab -n ${quote(seen)}`];
      if (short) parts.push(`-s ${short.slice(1)}`);
      if (long) parts.push(`-l ${long.slice(2)}`);
      if (o.choices.length > 0) parts.push(`-x -a ${quote(o.choices.join(' '))}`);
      else parts.push('-F');
      parts.push(`-d ${quote(o.description)}`);
      lines.push(parts.join(' '));
    }
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(program: Command, shell: string): string {
  if (shell === 'bash') return bash(program);
  if (shell === 'zsh') return zsh(program);
  if (shell === 'fish') return fish(program);
  throw new UsageError(`completion: unknown shell ${JSON.stringify(shell)}; valid: ${SHELLS.join(', ')}`);
}

/** The command; `root` builds the whole program, every command loaded (the script lists them all). */
export function completionCommand(root: () => Promise<Command>): Command {
  return new Command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .argument('<shell>', `the shell: ${SHELLS.join(', ')}`)
    .addHelpText('after', '\nExamples:\n  $ source <(clusterlab completion bash)\n  $ clusterlab completion zsh > ~/.zsh/clusterlab.zsh   # then source it from ~/.zshrc\n  $ clusterlab completion fish > ~/.config/fish/completions/clusterlab.fish\n')
    .action(async (shell: string) => {
      process.stdout.write(completionScript(await root(), shell as Shell));
    });
}
