// Entry point of the embedding process. The same module runs as a Node child process (`loupe` CLI and server)
// and as Electron's utilityProcess (the desktop app); only the message channel differs.
import type { WorkerRequest, WorkerResponse, WorkerUsage } from '../engine/inference/protocol.js';
import { ModelRunner } from './model-runner.js';
import { TextRunnerHolder } from './text/text-runner-holder.js';
import { personBoxes } from '../engine/faces/person-boxes.js';
import { FaceModels } from './faces/face-models.js';

interface Channel {
  send(message: WorkerResponse): void;
  onMessage(listener: (message: WorkerRequest) => void): void;
}

function channel(): Channel {
  // Electron's utilityProcess exposes process.parentPort; a Node child process has process.send.
  const parentPort = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', l: (ev: { data: unknown }) => void): void } }).parentPort;
  if (parentPort) {
    return {
      send: (m) => parentPort.postMessage(m),
      onMessage: (l) => parentPort.on('message', (ev) => l(ev.data as WorkerRequest)),
    };
  }
  if (!process.send) throw new Error('the embedding worker must be started as a child process with an IPC channel');
  process.on('disconnect', () => process.exit(0)); // the engine went away: nothing left to do
  return {
    send: (m) => process.send!(m),
    onMessage: (l) => process.on('message', (m) => l(m as WorkerRequest)),
  };
}

const port = channel();
let runner: ModelRunner | null = null;
const text = new TextRunnerHolder();
const faceModels = new FaceModels();
// Requests are handled one at a time, in order: the models are not re-entrant and batches are large anyway.
let queue: Promise<void> = Promise.resolve();

port.onMessage((request) => {
  queue = queue.then(() => handle(request));
});

async function handle(request: WorkerRequest): Promise<void> {
  try {
    switch (request.type) {
      case 'init':
        await runner?.release();
        runner = await ModelRunner.create(request.params);
        await text.configure(request.params);
        await faceModels.configure(request.params);
        port.send({ id: request.id, ok: true, result: runner.report });
        return;
      case 'embed':
        if (!runner) throw new Error('the worker was not initialised');
        port.send({ id: request.id, ok: true, result: await runner.embed(request.images) });
        return;
      case 'textLook':
        port.send({ id: request.id, ok: true, result: await (await text.runner()).look(request.image) });
        return;
      case 'textRead':
        port.send({ id: request.id, ok: true, result: await (await text.runner()).read(request.image, request.detectEdge) });
        return;
      case 'textConfirm':
        port.send({ id: request.id, ok: true, result: await (await text.runner()).confirm(request.image, request.candidates) });
        return;
      case 'faces':
        if (!runner) throw new Error('the worker was not initialised');
      {
        // where people are: the quick pass's person boxes, or (a photo indexed before they were kept, one outside the
        // library) found now by the same object detector
        const people = request.people ?? personBoxes((await runner.detect([request.image]))[0]);
        port.send({ id: request.id, ok: true, result: await (await faceModels.runner()).faces(request.image, undefined, people) });
      }
        return;
      case 'describe-face':
        if (!runner) throw new Error('the worker was not initialised');
        port.send({ id: request.id, ok: true, result: await (await faceModels.runner()).describeBox(request.image, request.box) });
        return;
      case 'usage': {
        const cpu = process.cpuUsage();
        const usage: WorkerUsage = { cpuMs: (cpu.user + cpu.system) / 1000, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
        port.send({ id: request.id, ok: true, result: usage });
        return;
      }
      case 'shutdown': {
        const closing = runner;
        runner = null; // anything that still arrives fails as "not initialised", not on released sessions
        await closing?.release();
        await text.release();
        await faceModels.configure(null);
        port.send({ id: request.id, ok: true, result: null });
        setImmediate(() => process.exit(0));
        return;
      }
    }
  } catch (err) {
    port.send({ id: request.id, ok: false, error: (err as Error).message });
  }
}
