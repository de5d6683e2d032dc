import type { Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { startServer } from '../../server/server.js';
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
    const engine = ctx.engine();
    let server;
    try {
      server = await startServer({
        engine,
        port,
        backendOptions: { warn: (m) => ctx.io.err(`warning: ${m}`) },
      });
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
      ctx.io.out(JSON.stringify({ event: 'serving', url: server.url, port: server.port }));
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
    return 0;
  },
};
