// `loupe --help`, `loupe help <command>` and `loupe <command> --help`: text that fits an 80-column terminal.
// The command list shows names, not synopses (one long synopsis would widen the whole column); each command's
// own help shows its synopsis, what it does and the options it takes, wrapped with a hanging indent.
import type { Command } from './cli-context.js';
import { PROVIDERS } from '../../shared/settings.js';

export const HELP_WIDTH = 80;

/** The options every command takes, before or after the command's name. */
export const GLOBAL_OPTION_HELP: readonly [string, string][] = [
  ['--home DIR', 'library home (default: $LOUPE_HOME, else the app-data folder the desktop app uses)'],
  ['--json', 'machine-readable output (paths are absolute)'],
  ['--provider P', `where the models run: ${PROVIDERS.join(', ')} (default: the setting, else auto)`],
  ['-h, --help', 'this help; `loupe help <command>` for one command'],
];

/** Words of `text` in lines of at most `width` columns; lines after the first start with `indent` spaces. */
export function wrap(text: string, width: number, indent = 0, firstIndent = 0): string[] {
  const lines: string[] = [];
  let line = ' '.repeat(firstIndent);
  let lineHasWord = false;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (lineHasWord && line.length + 1 + word.length > width) {
      lines.push(line);
      line = ' '.repeat(indent);
      lineHasWord = false;
    }
    line += (lineHasWord ? ' ' : '') + word;
    lineHasWord = true;
  }
  if (lineHasWord || lines.length === 0) lines.push(line);
  return lines;
}

/** `term` in a column of `column` characters, its description wrapped beside it (or below, when the term is wider). */
function definition(term: string, description: string, column: number): string[] {
  const head = `  ${term}`;
  if (head.length + 2 > column) return [head, ...wrap(description, HELP_WIDTH, column, column)];
  const [first, ...rest] = wrap(description, HELP_WIDTH - column, 0);
  return [`${head.padEnd(column)}${first}`, ...rest.map((l) => `${' '.repeat(column)}${l}`)];
}

const column = (terms: string[]): number => Math.min(Math.max(...terms.map((t) => t.length)) + 4, 24);

export function generalHelp(commands: readonly Command[]): string {
  const commandColumn = column(commands.map((c) => c.name));
  const optionColumn = column(GLOBAL_OPTION_HELP.map(([t]) => t));
  return [
    'Usage: loupe [options] <command> [arguments] [options]',
    '',
    'Commands:',
    ...commands.flatMap((c) => definition(c.name, c.summary, commandColumn)),
    '',
    'Options (before or after the command):',
    ...GLOBAL_OPTION_HELP.flatMap(([t, d]) => definition(t, d, optionColumn)),
    '',
    ...wrap('Run `loupe help <command>` (or `loupe <command> --help`) for what a command takes.', HELP_WIDTH),
  ].join('\n');
}

/**
 * A synopsis wrapped at its own alternatives (" | " outside brackets: `[--set X | --clear]` is one alternative), then
 * at words; continuation lines indented. Each alternative is written as a whole command line: a short form ("create
 * NAME", "people name <id>", "--last") gets `loupe <command>` in front, where it read as a command of its own (trial
 * 19: `loupe help place` cut its brackets apart, `loupe help restore` showed a bare "--last [--json]").
 */
export function usageLines(usage: string, command: string): string[] {
  const margin = '       ';
  return topLevelAlternatives(usage)
    .map((alt) => (alt.startsWith('loupe ') ? alt : alt.startsWith(`${command} `) ? `loupe ${alt}` : `loupe ${command} ${alt}`))
    .flatMap((alt, i) => wrap(alt, HELP_WIDTH - margin.length, 2).map((l, j) => `${i === 0 && j === 0 ? 'Usage: ' : margin}${l}`));
}

function topLevelAlternatives(usage: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < usage.length; i++) {
    const c = usage[i];
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (depth === 0 && usage.startsWith(' | ', i)) {
      out.push(usage.slice(start, i).trim());
      start = i + 3;
    }
  }
  out.push(usage.slice(start).trim());
  return out;
}

/** How an option of parseArgs form is written on the command line: `-k, --k N`, `--level LEVEL`, `--explain`. */
const optionTerm = (name: string, o: NonNullable<Command['options']>[string]): string =>
  `${o.short && o.short !== name ? `-${o.short}, ` : ''}${name.length === 1 ? '-' : '--'}${name}${o.type === 'string' ? ` ${name.length === 1 ? 'N' : name.toUpperCase()}` : ''}`;

export function commandHelp(command: Command): string {
  const own = Object.entries(command.options ?? {}).map(([name, o]) => optionTerm(name, o));
  const optionColumn = column(GLOBAL_OPTION_HELP.map(([t]) => t));
  return [
    ...usageLines(command.usage, command.name),
    '',
    ...wrap(`${command.summary[0].toUpperCase()}${command.summary.slice(1)}.`, HELP_WIDTH),
    ...(own.length ? ['', `Options of ${command.name}: ${own.join(', ')} (see the synopsis).`].flatMap((l) => (l ? wrap(l, HELP_WIDTH, 2) : [l])) : []),
    ...(command.optionHelp ? command.optionHelp.flatMap(([t, d]) => definition(t, d, column(command.optionHelp!.map(([x]) => x)))) : []),
    '',
    'Options of every command (before or after its name):',
    ...GLOBAL_OPTION_HELP.flatMap(([t, d]) => definition(t, d, optionColumn)),
  ].join('\n');
}
