// Entry point of the embedding process. The same module runs as a Node child process (`loupe` CLI and server)
// and as Electron's utilityProcess (the desktop app); only the message channel differs.
import sharp from 'sharp';
import {
  MODEL_IDLE_RELEASE_MS, MODEL_SWITCH_RELEASE_MS, type InitParams, type ModelGroup, type WorkerRequest, type WorkerResponse, type WorkerUsage,
} from '../engine/inference/protocol.js';
import { ModelRunner } from './model-runner.js';
import { TextRunnerHolder } from './text/text-runner-holder.js';
import { personBoxes } from '../engine/faces/person-boxes.js';
import { FaceModels } from './faces/face-models.js';
import { IdleRelease } from './idle-release.js';
import { releaseSharedArena } from './shared-arena.js';

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

// Every image this process resizes arrives once: libvips' operation cache would only hold memory (up to 50 MB).
sharp.cache(false);

const port = channel();
/** the settings of the last 'init'; null before it and after 'shutdown' */
let params: InitParams | null = null;
/** the embedding models: opened by 'init' (which reports their provider), again on demand after an idle release */
let runner: ModelRunner | null = null;
const text = new TextRunnerHolder();
const faceModels = new FaceModels();
// Requests are handled one at a time, in order: the models are not re-entrant and batches are large anyway.
let queue: Promise<void> = Promise.resolve();
const enqueue = (work: () => Promise<void>): void => {
  queue = queue.then(work);
};

/** Each group of models is released when unused for a while (the other pass's models, or all of them when idle). */
let idle = idleReleases(MODEL_IDLE_RELEASE_MS);
let switchMs = MODEL_SWITCH_RELEASE_MS;
function idleReleases(ms: number): Record<ModelGroup, IdleRelease> {
  // once no group is loaded, the shared arena goes too: what the models' runs grew goes back to the system
  const released = (work: () => Promise<void>) => () => enqueue(async () => {
    await work();
    if (!Object.values(idle).some((group) => group.loaded)) releaseSharedArena();
  });
  return {
    embed: new IdleRelease(ms, released(async () => {
      const closing = runner;
      runner = null;
      await closing?.release();
    })),
    text: new IdleRelease(ms, released(() => text.release())),
    faces: new IdleRelease(ms, released(() => faceModels.configure(params))),
  };
}
const GROUP_OF: Partial<Record<WorkerRequest['type'], ModelGroup>> = {
  embed: 'embed', textLook: 'text', textRead: 'text', textConfirm: 'text', faces: 'faces', 'describe-face': 'faces',
};

/** requests the engine no longer wants ('cancel'), skipped when their turn comes */
const cancelled = new Set<number>();

port.onMessage((request) => {
  if (request.type === 'cancel') {
    for (const id of request.ids) cancelled.add(id);
    return;
  }
  const group = GROUP_OF[request.type];
  if (group) {
    for (const other of Object.keys(idle) as ModelGroup[]) if (other !== group) idle[other].releaseIfIdleFor(switchMs);
    idle[group].begin();
  }
  enqueue(() => {
    const skip = cancelled.delete(request.id);
    // requests come in the order of their ids: a cancelled id below this one ran before its cancel came
    for (const id of cancelled) if (id < request.id) cancelled.delete(id);
    if (skip) port.send({ id: request.id, ok: false, error: 'cancelled' });
    return (skip ? Promise.resolve() : handle(request)).finally(() => {
      if (group) idle[group].end();
    });
  });
});

/** Runs `work` with a group's models that another group's request needs (the object detector for the face stage's
 *  person boxes): counted as the group's use, so its idle release still comes. */
async function usingGroup<T>(group: ModelGroup, work: () => Promise<T>): Promise<T> {
  idle[group].begin();
  try {
    return await work();
  } finally {
    idle[group].end();
  }
}

async function embeddingModels(): Promise<ModelRunner> {
  if (!params) throw new Error('the worker was not initialised');
  runner ??= await ModelRunner.create(params);
  return runner;
}

async function handle(request: WorkerRequest): Promise<void> {
  try {
    switch (request.type) {
      case 'init':
        await runner?.release();
        runner = null;
        for (const group of Object.values(idle)) group.reset();
        idle = idleReleases(request.params.idleReleaseMs ?? MODEL_IDLE_RELEASE_MS);
        switchMs = Math.min(MODEL_SWITCH_RELEASE_MS, request.params.idleReleaseMs ?? MODEL_SWITCH_RELEASE_MS);
        params = request.params;
        runner = await ModelRunner.create(request.params);
        idle.embed.begin(); // loaded now: released if no embedding request follows
        idle.embed.end();
        await text.configure(request.params);
        await faceModels.configure(request.params);
        port.send({ id: request.id, ok: true, result: runner.report });
        return;
      case 'embed':
        port.send({ id: request.id, ok: true, result: await (await embeddingModels()).embed(request.images) });
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
        if (!params) throw new Error('the worker was not initialised');
      {
        // where people are: the quick pass's person boxes, or (a photo indexed before they were kept, one outside the
        // library) found now by the same object detector
        const people = request.people ?? personBoxes((await usingGroup('embed', async () => (await embeddingModels()).detect([request.image])))[0]);
        port.send({ id: request.id, ok: true, result: await (await faceModels.runner()).faces(request.image, undefined, people, { closer: request.closer }) });
      }
        return;
      case 'describe-face':
        if (!params) throw new Error('the worker was not initialised');
        port.send({ id: request.id, ok: true, result: await (await faceModels.runner()).describeBox(request.image, request.box) });
        return;
      case 'usage': {
        const cpu = process.cpuUsage();
        const usage: WorkerUsage = {
          cpuMs: (cpu.user + cpu.system) / 1000,
          maxRssBytes: process.resourceUsage().maxRSS * 1024,
          rssBytes: process.memoryUsage.rss(),
          loaded: (Object.keys(idle) as ModelGroup[]).filter((g) => idle[g].loaded),
        };
        port.send({ id: request.id, ok: true, result: usage });
        return;
      }
      case 'shutdown': {
        const closing = runner;
        params = null; // anything that still arrives fails as "not initialised", not on released sessions
        runner = null;
        for (const group of Object.values(idle)) group.reset();
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
