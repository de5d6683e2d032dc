import { fork, type ChildProcess } from 'node:child_process';
import type { WorkerRequest, WorkerResponse } from './protocol.js';
import { mallocEnv } from '../runtime/malloc-tuning.js';

/**
 * The one small seam between the engine and the process that runs the models. Under plain Node it is a child
 * process; in the desktop app, src/main/electron provides one backed by Electron's utilityProcess.
 */
export interface WorkerPort {
  send(message: WorkerRequest): void;
  onMessage(listener: (message: WorkerResponse) => void): void;
  /** called once when the process ends, for whatever reason */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

export type WorkerPortFactory = () => WorkerPort;

/** Starts the embedding worker script as a Node child process. */
export function forkNodeWorker(scriptPath: string, execArgv: string[] = []): WorkerPort {
  const child: ChildProcess = fork(scriptPath, [], {
    env: mallocEnv(), // glibc reads them as the process starts (runtime/malloc-tuning.ts)
    serialization: 'advanced', // typed arrays cross without JSON
    // The worker reports through messages; native libraries' chatter (e.g. GPU probing) must not reach the
    // CLI's stdout, where --json output goes.
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    execArgv,
  });
  // A send to a process that just died raises 'error' on the child; the exit handler reports that death.
  child.on('error', () => {});
  return {
    send: (m) => {
      if (child.connected) child.send(m, () => {});
    },
    onMessage: (l) => child.on('message', (m) => l(m as WorkerResponse)),
    onExit: (l) => child.once('exit', (code, signal) => l(code, signal)),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}
