import { LoupeEngine } from '../engine/engine.js';
import { resolveHome } from '../engine/home.js';
import type { ProviderChoice } from '../../shared/settings.js';

/** A wrong command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** true when stderr is a terminal (progress bars are drawn only then) */
  isTty: boolean;
}

export interface CliContext {
  io: CliIo;
  json: boolean;
  home: string;
  /** --provider, when given */
  provider?: ProviderChoice;
  /** opens the engine once, on first use, for a command that changes the library */
  engine: () => LoupeEngine;
  /** opens the engine once, on first use, for a reading command: it never writes to the home (EngineOptions.reader) */
  reader: () => LoupeEngine;
}

export function createContext(io: CliIo, homeFlag: string | undefined, json: boolean, provider?: ProviderChoice): CliContext & { close(): Promise<void> } {
  const home = resolveHome(homeFlag);
  let engine: LoupeEngine | null = null;
  const open = (reader: boolean): LoupeEngine => {
    if (engine && engine.reader !== reader) throw new Error(`internal: the engine is already open as a ${engine.reader ? 'reader' : 'writer'}`);
    return (engine ??= LoupeEngine.open({
      home,
      provider,
      reader,
      warn: (m) => io.err(`warning: ${m}`),
      // A second writer waits for the first and says for whom (LOUPE_LOCK_WAIT_MS: give up after that long).
      lock: { onWait: (_holder, message) => io.err(message), waitMs: lockWaitMs() },
    }));
  };
  return {
    io,
    json,
    home,
    provider,
    engine: () => open(false),
    reader: () => open(true),
    close: async () => engine?.close(),
  };
}

function lockWaitMs(): number | undefined {
  const v = Number(process.env.LOUPE_LOCK_WAIT_MS);
  return process.env.LOUPE_LOCK_WAIT_MS && Number.isFinite(v) && v >= 0 ? v : undefined;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** what some of its options do (term, description), where the synopsis cannot say: listed under its options */
  optionHelp?: readonly (readonly [string, string])[];
  /** options this command takes besides the global ones, in node:util parseArgs form */
  options?: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  /** `args`: the command's own arguments as typed (for options that take several values, like learn --add) */
  run(ctx: CliContext, positionals: string[], values: Record<string, string | boolean | undefined>, args: string[]): Promise<number>;
}
