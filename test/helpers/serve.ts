import { spawn, type ChildProcess } from 'node:child_process';
import { LOUPE_BIN } from './run-cli.js';

/** Starts the real `loupe serve --json` and resolves with the process and the URL it serves (with its key). */
export async function startServe(env: NodeJS.ProcessEnv): Promise<{ server: ChildProcess; url: string }> {
  const server = spawn(process.execPath, [LOUPE_BIN, 'serve', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.includes('"serving"'));
      if (line) resolve(JSON.parse(line).url);
    });
    server.on('exit', (code) => reject(new Error(`loupe serve exited ${code}: ${stderr}`)));
  });
  return { server, url };
}

/** Stops a server started by startServe (SIGINT, as a user's Ctrl-C) and waits for it to exit. */
export async function stopServe(server: ChildProcess | undefined): Promise<void> {
  if (server && server.exitCode === null) {
    server.kill('SIGINT');
    await new Promise((r) => server.once('exit', r));
  }
}
