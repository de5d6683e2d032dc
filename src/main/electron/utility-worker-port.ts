import { utilityProcess } from 'electron';
import type { WorkerRequest, WorkerResponse } from '../engine/inference/protocol.js';
import type { WorkerPort } from '../engine/inference/worker-port.js';
import { mallocEnv } from '../engine/runtime/malloc-tuning.js';

/**
 * The embedding worker as an Electron utilityProcess: the same worker module the CLI runs as a Node child process
 * (it detects process.parentPort), so a model crash never takes the app's main process down.
 */
export function forkUtilityWorker(scriptPath: string): WorkerPort {
  const child = utilityProcess.fork(scriptPath, [], { serviceName: 'Loupe models', stdio: 'ignore', env: mallocEnv() });
  let exited = false;
  child.once('exit', () => (exited = true));
  return {
    send: (m: WorkerRequest) => {
      if (!exited) child.postMessage(m);
    },
    onMessage: (l) => child.on('message', (m: unknown) => l(m as WorkerResponse)),
    onExit: (l) => child.once('exit', (code: number) => l(code, null)),
    kill: () => {
      if (!exited) child.kill();
    },
  };
}
