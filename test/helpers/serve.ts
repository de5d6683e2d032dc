// Starts the real `loupe serve` (as a user would, through bin/loupe.js) and resolves with its tokened URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { LOUPE_BIN } from './run-cli.js';

export async function startServe(env: NodeJS.ProcessEnv): Promise<{ server: ChildProcess; url: string; stop: () => Promise<void> }> {
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
  const stop = async (): Promise<void> => {
    if (server.exitCode !== null) return;
    server.kill('SIGINT');
    await new Promise((r) => server.once('exit', r));
  };
  return { server, url, stop };
}
