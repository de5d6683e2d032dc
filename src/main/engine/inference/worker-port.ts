import { fork, type ChildProcess } from 'node:child_process';
import type { WorkerRequest, WorkerResponse } from './protocol.js';

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

/**
 * The model process's environment: the parent's, with glibc's malloc limited to 2 arenas. By default glibc gives each
 * thread that allocates its own arena (up to 8 a core: onnxruntime's, libuv's and libvips' threads here), and what
 * one arena freed serves no other, so the process kept growing with the buffers of large inputs (text reading at
 * 1,280 px). With 2, ocr-dev indexed with the model process at 813 instead of 868 MiB at its peak, the same CPU
 * (`bench/index-memory.ts`; docs/architecture.md "Memory"). A value the user set is kept.
 */
export function modelProcessEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2' };
}

/** Starts the embedding worker script as a Node child process. */
export function forkNodeWorker(scriptPath: string, execArgv: string[] = []): WorkerPort {
  const child: ChildProcess = fork(scriptPath, [], {
    env: modelProcessEnv(),
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
