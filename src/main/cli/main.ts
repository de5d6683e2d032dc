import { parseArgs } from 'node:util';
import { createContext, UsageError, type CliIo, type Command } from './cli-context.js';
import { addCommand, removeCommand } from './commands/folders.js';
import { indexCommand } from './commands/index.js';
import { infoCommand } from './commands/info.js';
import { statusCommand } from './commands/status.js';
import { watchCommand } from './commands/watch.js';
import { LibraryError } from '../engine/errors.js';
import { JobCancelledError } from '../engine/jobs/job.js';
import { PROVIDER_SETTINGS, type ProviderSetting } from '../engine/inference/protocol.js';
import { tagCommand, tagsCommand } from './commands/tags.js';
import { searchCommand } from './commands/search.js';
import { evalCommand } from './commands/eval.js';
import { similarCommand } from './commands/similar.js';
import { serveCommand } from './commands/serve.js';
import { duplicatesCommand, restoreCommand, trashCommand } from './commands/duplicates.js';
import { facesCommand, peopleCommand } from './commands/people.js';

const COMMANDS: readonly Command[] = [
  addCommand, removeCommand, indexCommand, watchCommand, statusCommand, infoCommand, similarCommand, tagsCommand, tagCommand, searchCommand,
  duplicatesCommand, trashCommand, restoreCommand, evalCommand, serveCommand, facesCommand, peopleCommand,
];

const GLOBAL_OPTIONS = {
  home: { type: 'string' },
  json: { type: 'boolean' },
  provider: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    'Usage: loupe <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --home DIR   library home (default: $LOUPE_HOME, else the app-data folder the desktop app uses)',
    '  --json       machine-readable output (paths are absolute)',
    `  --provider P model execution provider: ${PROVIDER_SETTINGS.join(', ')} (default: the setting, else auto)`,
    '  -h, --help   this help',
  ].join('\n');
}

const defaultIo: CliIo = {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
  isTty: Boolean(process.stderr.isTTY),
};

/** Runs one `loupe` command line; resolves to the process exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const name = argv[0];
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`loupe: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(1),
      options: { ...GLOBAL_OPTIONS, ...(command.options ?? {}) },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    io.err(`loupe ${name}: ${(err as Error).message}\nUsage: ${command.usage}`);
    return 2;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    io.out(`Usage: ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  const provider = values.provider as string | undefined;
  if (provider !== undefined && !(PROVIDER_SETTINGS as readonly string[]).includes(provider)) {
    io.err(`loupe ${name}: --provider must be one of ${PROVIDER_SETTINGS.join(', ')}`);
    return 2;
  }
  const ctx = createContext(io, values.home as string | undefined, Boolean(values.json), provider as ProviderSetting | undefined);
  try {
    return await command.run(ctx, parsed.positionals, values);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`loupe ${name}: ${err.message}\nUsage: ${command.usage}`);
      return 2;
    }
    if (err instanceof JobCancelledError) {
      io.err('Stopped. Work finished so far is saved; run the command again to continue.');
      return 130;
    }
    if (err instanceof LibraryError) {
      io.err(`loupe ${name}: ${err.message}`);
      return 1;
    }
    io.err(`loupe ${name}: ${(err as Error).stack ?? String(err)}`);
    return 1;
  } finally {
    await ctx.close();
  }
}
