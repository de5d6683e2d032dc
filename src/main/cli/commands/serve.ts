import type { CliContext, Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { packageVersion, startServer, type RunningServer } from '../../server/server.js';
import { EventHub } from '../../server/event-stream.js';
import { createDamagedHomeBackend, type DamagedHomeBackend } from '../../backend/damaged-home-backend.js';
import { CatalogDamagedError } from '../../engine/home/home-errors.js';
import type { LoupeEngine } from '../../engine/engine.js';
import { RendererMissingError } from '../../server/static-files.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the Loupe UI to a browser on 127.0.0.1 until Ctrl-C',
  usage: 'loupe serve [--port N]',
  options: { port: { type: 'string' } },
  async run(ctx, positionals, values) {
    if (positionals.length > 0) throw new UsageError('serve takes no arguments');
    const portText = (values.port as string | undefined) ?? '0';
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || !Number.isInteger(port) || port > 65535) throw new UsageError('--port must be a number from 0 to 65535');
    let server: RunningServer;
    let damaged: DamagedHomeBackend | null;
    try {
      ({ server, damaged } = await start(ctx, port));
    } catch (err) {
      if (err instanceof RendererMissingError) {
        ctx.io.err(`loupe serve: ${err.message}`);
        return 1;
      }
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        ctx.io.err(`loupe serve: port ${port} is in use; pick another with --port, or leave it out for any free port.`);
        return 1;
      }
      throw err;
    }
    if (ctx.json) {
      ctx.io.out(JSON.stringify({ event: 'serving', url: server.url, port: server.port, ...(damaged ? { homeDamaged: true } : {}) }));
    } else {
      ctx.io.out(`Loupe is at ${server.url}`);
      ctx.io.out('Open that link in a browser on this computer (it holds this run\'s key; do not share it). Press Ctrl-C to stop.');
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    // The engine is closed by the CLI after the command returns (cli-context), once the backend has stopped.
    await server.close();
    await damaged?.close();
    return 0;
  },
};

/** Serves the library; a damaged home still serves the UI, which shows what happened and offers the backup (the
 *  same ways out as `loupe doctor`), with every other call answered 'home-damaged' until the user chooses. */
async function start(ctx: CliContext, port: number): Promise<{ server: RunningServer; damaged: DamagedHomeBackend | null }> {
  const warn = (m: string): void => ctx.io.err(`warning: ${m}`);
  let engine: LoupeEngine;
  try {
    engine = ctx.engine();
  } catch (err) {
    if (!(err instanceof CatalogDamagedError)) throw err;
    ctx.io.err(`loupe serve: ${err.message}`);
    const events = new EventHub();
    const damaged = createDamagedHomeBackend({ home: ctx.home, damage: err, openEngine: ctx.engine, appVersion: packageVersion(), emit: events.emit, warn });
    return { server: await startServer({ backend: damaged, events, port, home: ctx.home }), damaged };
  }
  return { server: await startServer({ engine, port, backendOptions: { warn } }), damaged: null };
}
