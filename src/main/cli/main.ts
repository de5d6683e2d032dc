import { parseArgs } from 'node:util';
import { createContext, UsageError, type CliIo, type Command } from './cli-context.js';
import { commandHelp, generalHelp, usageLines } from './help.js';
import { addCommand, removeCommand } from './commands/folders.js';
import { indexCommand } from './commands/index.js';
import { infoCommand } from './commands/info.js';
import { statusCommand } from './commands/status.js';
import { watchCommand } from './commands/watch.js';
import { userMessage } from '../engine/home/error-log.js';
import { JobCancelledError } from '../engine/jobs/job.js';
import { PROVIDERS, type ProviderChoice } from '../../shared/settings.js';
import { tagCommand, tagsCommand } from './commands/tags.js';
import { searchCommand } from './commands/search.js';
import { evalCommand } from './commands/eval.js';
import { textCommand } from './commands/text.js';
import { similarCommand } from './commands/similar.js';
import { serveCommand } from './commands/serve.js';
import { duplicatesCommand } from './commands/duplicates.js';
import { restoreCommand, trashCommand } from './commands/trash.js';
import { albumCommand, markCommand } from './commands/marks.js';
import { placeCommand, placesCommand } from './commands/places.js';
import { dateCommand } from './commands/dates.js';
import { joinNegativeValues } from './negative-values.js';
import { learnCommand } from './commands/learn.js';
import { facesCommand, peopleCommand } from './commands/people.js';
import { doctorCommand } from './commands/doctor.js';
import { tuneMalloc } from '../engine/runtime/malloc-tuning.js';

const COMMANDS: readonly Command[] = [
  addCommand, removeCommand, indexCommand, watchCommand, statusCommand, infoCommand, similarCommand, tagsCommand, tagCommand, searchCommand,
  duplicatesCommand, trashCommand, restoreCommand, evalCommand, serveCommand, textCommand,
  placesCommand, placeCommand, dateCommand, learnCommand, albumCommand, markCommand, doctorCommand, facesCommand, peopleCommand,
];

const GLOBAL_OPTIONS = {
  home: { type: 'string' },
  json: { type: 'boolean' },
  provider: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const SEE_HELP = 'Run `loupe --help` for the commands and options.';

/** The global options' value-taking flags: their value is the next argument unless written `--flag=value`. */
const GLOBAL_VALUE_FLAGS = new Set(Object.entries(GLOBAL_OPTIONS).filter(([, o]) => o.type === 'string').map(([n]) => `--${n}`));
const GLOBAL_FLAGS = new Set(Object.entries(GLOBAL_OPTIONS).flatMap(([n, o]) => ('short' in o ? [`--${n}`, `-${o.short}`] : [`--${n}`])));

/**
 * Splits a command line into the command's name and the rest, so that global options may come before the command
 * (`loupe --home DIR status`), as git, npm and docker users write them, or after it. Returns the arguments the
 * command's parser gets (global options from before the name first), or why the line is wrong.
 */
export function splitCommandLine(argv: readonly string[]): { name: string | undefined; args: string[] } | { error: string } {
  const before: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-') && argv[i] !== '-') {
    const flag = argv[i].split('=')[0];
    if (!GLOBAL_FLAGS.has(flag)) return { error: `unknown option '${argv[i]}' before the command (only ${[...GLOBAL_FLAGS].join(', ')} may come first)` };
    const takesValue = GLOBAL_VALUE_FLAGS.has(flag) && !argv[i].includes('=');
    if (takesValue && i + 1 >= argv.length) return { error: `option '${flag}' needs a value` };
    before.push(...argv.slice(i, takesValue ? i + 2 : i + 1));
    i += takesValue ? 2 : 1;
  }
  return { name: argv[i], args: [...before, ...argv.slice(i + 1)] };
}

const defaultIo: CliIo = {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
  isTty: Boolean(process.stderr.isTTY),
};

/** The `loupe` process (bin/loupe.js): the allocator's settings first, before any photo is decoded, then the command. */
export function runProcess(argv: string[]): Promise<number> {
  tuneMalloc();
  return main(argv);
}

/** Runs one `loupe` command line; resolves to the process exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const split = splitCommandLine(argv);
  if ('error' in split) {
    io.err(`loupe: ${split.error}\n${SEE_HELP}`);
    return 2;
  }
  const { name, args } = split;
  const wantsHelp = args.includes('--help') || args.includes('-h');
  if (!name || name === 'help') {
    // `loupe`, `loupe --help`, `loupe help` and `loupe help <command>`.
    // the topic is the first plain word: a global option's value (`--home DIR`, before or after `help`) is not one
    const topic = name === 'help' ? parseArgs({ args, options: GLOBAL_OPTIONS, allowPositionals: true, strict: false }).positionals[0] : undefined;
    if (topic === undefined) {
      (name || wantsHelp ? io.out : io.err)(generalHelp(COMMANDS));
      return name || wantsHelp ? 0 : 2;
    }
    const about = COMMANDS.find((c) => c.name === topic);
    if (!about) {
      io.err(`loupe help: unknown command '${topic}'\n${SEE_HELP}`);
      return 2;
    }
    io.out(commandHelp(about));
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`loupe: unknown command '${name}'\n${SEE_HELP}`);
    return 2;
  }
  if (wantsHelp) {
    io.out(commandHelp(command));
    return 0;
  }
  let parsed;
  try {
    const options = { ...GLOBAL_OPTIONS, ...(command.options ?? {}) };
    parsed = parseArgs({
      args: joinNegativeValues(args, options),
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    io.err(`loupe ${name}: ${(err as Error).message}\n${usageLines(command.usage, command.name).join('\n')}`);
    return 2;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const provider = values.provider as string | undefined;
  if (provider !== undefined && !(PROVIDERS as readonly string[]).includes(provider)) {
    io.err(`loupe ${name}: --provider must be one of ${PROVIDERS.join(', ')}`);
    return 2;
  }
  const ctx = createContext(io, values.home as string | undefined, Boolean(values.json), provider as ProviderChoice | undefined);
  // An error no await catches (a watcher's callback, a stream) still reaches the user as one line, never a trace.
  const crash = (err: unknown): void => {
    io.err(`loupe ${name}: ${userMessage(ctx.home, `loupe ${argv.join(' ')} (uncaught)`, err)}`);
    process.exit(1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  try {
    return await command.run(ctx, parsed.positionals, values, args);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`loupe ${name}: ${err.message}\n${usageLines(command.usage, command.name).join('\n')}`);
      return 2;
    }
    if (err instanceof JobCancelledError) {
      io.err('Stopped. Work finished so far is saved; run the command again to continue.');
      return 130;
    }
    // The one error boundary of the CLI: one line, the stack (if any) in the home's error log.
    io.err(`loupe ${name}: ${userMessage(ctx.home, `loupe ${argv.join(' ')}`, err)}`);
    return 1;
  } finally {
    process.off('uncaughtException', crash);
    process.off('unhandledRejection', crash);
    try {
      await ctx.close();
    } catch (err) {
      io.err(`loupe ${name}: ${userMessage(ctx.home, `closing after loupe ${name}`, err)}`);
    }
  }
}
