// A stopped job's model requests (issue #15: Ctrl-C in the deep pass): at most MODEL_REQUESTS_IN_FLIGHT reach the
// model process at once, and a stop answers every request at once, without waiting for the models. The model process
// here is a stand-in that holds every model request until told (a busy process), so what is sent, and what is
// answered without it, is seen exactly; the real process's side (skipping a cancelled request) is tested with the
// real one in test/main/worker/embedding-worker.test.ts.
import { describe, expect, it } from 'vitest';
import { InferenceClient } from '../../../../src/main/engine/inference/inference-client.js';
import { MODEL_REQUESTS_IN_FLIGHT, type WorkerRequest, type WorkerResponse } from '../../../../src/main/engine/inference/protocol.js';
import type { WorkerPort } from '../../../../src/main/engine/inference/worker-port.js';
import { JobCancelledError } from '../../../../src/main/engine/jobs/job.js';
import type { RgbImage } from '../../../../src/main/engine/media/rgb-image.js';

/** A model process that answers 'init' and 'shutdown' at once and holds every other request until `answer`. */
function busyProcess() {
  const sent: WorkerRequest[] = [];
  const listeners: ((m: WorkerResponse) => void)[] = [];
  const exits: ((code: number | null, signal: string | null) => void)[] = [];
  const reply = (m: WorkerResponse) => setImmediate(() => listeners.forEach((l) => l(m)));
  const port: WorkerPort = {
    send(m) {
      sent.push(m);
      if (m.type === 'init') reply({ id: m.id, ok: true, result: { provider: 'cpu', fallbacks: [], models: [] } });
      if (m.type === 'shutdown') setImmediate(() => exits.forEach((l) => l(0, null)));
    },
    onMessage: (l) => listeners.push(l),
    onExit: (l) => exits.push(l),
    kill: () => {
      killed++;
      setImmediate(() => exits.forEach((l) => l(null, 'SIGTERM')));
    },
  };
  let killed = 0;
  return {
    port,
    sent,
    killed: () => killed,
    models: () => sent.filter((m) => m.type === 'faces'),
    answer: (id: number) => reply({ id, ok: true, result: [] }),
  };
}

const image: RgbImage = { data: new Uint8Array(3 * 4 * 4), width: 4, height: 4, channels: 3 };
/** lets the client's queued microtasks and the stand-in's replies run (no clock involved) */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe('a stopped job and the model process', () => {
  it('sends only a few requests at once and, on a stop, rejects the waiting ones without the model ever seeing them', async () => {
    const proc = busyProcess();
    const client = new InferenceClient({ createPort: () => proc.port, init: { modelDirs: [], provider: 'cpu', threads: 1 } });
    await client.start();
    const stop = new AbortController();
    // eight photos in flight, as the deep pass has them
    const calls = Array.from({ length: 8 }, () => client.faces(image, [], [], stop.signal));
    const outcomes = calls.map((c) => c.then(() => 'answered', (e: unknown) => e));
    await settle();
    expect(proc.models()).toHaveLength(MODEL_REQUESTS_IN_FLIGHT); // the rest wait in the engine

    stop.abort(new JobCancelledError());
    // every call is answered now, though the model process has answered none of them
    const results = await Promise.all(outcomes);
    for (const r of results) expect(r).toBeInstanceOf(JobCancelledError);
    await settle();
    // the waiting ones never reached the model process; it was told to skip the ones it had
    expect(proc.models()).toHaveLength(MODEL_REQUESTS_IN_FLIGHT);
    const cancelled = proc.sent.flatMap((m) => (m.type === 'cancel' ? m.ids : []));
    expect(cancelled.sort()).toEqual(proc.models().map((m) => m.id).sort());

    // the process's late answers are dropped; the places are free again for work that was not stopped
    for (const m of proc.models()) proc.answer(m.id);
    const next = client.faces(image, []);
    await settle();
    const last = proc.models().at(-1)!;
    expect(proc.models()).toHaveLength(MODEL_REQUESTS_IN_FLIGHT + 1);
    proc.answer(last.id);
    await expect(next).resolves.toEqual([]);
    await client.close();
  });

  it('closing with a stopped request still running there ends the process instead of waiting behind it', async () => {
    const proc = busyProcess();
    const client = new InferenceClient({ createPort: () => proc.port, init: { modelDirs: [], provider: 'cpu', threads: 1 } });
    await client.start();
    const stop = new AbortController();
    const running = client.faces(image, [], [], stop.signal).catch((e: unknown) => e);
    await settle();
    stop.abort(new JobCancelledError());
    expect(await running).toBeInstanceOf(JobCancelledError);
    await client.close(); // the stand-in never answers: a shutdown queued behind the request would wait its grace out
    expect(proc.killed()).toBe(1);
    expect(proc.sent.map((m) => m.type)).not.toContain('shutdown');
  });

  it('a request stopped before it is made never reaches the model process', async () => {
    const proc = busyProcess();
    const client = new InferenceClient({ createPort: () => proc.port, init: { modelDirs: [], provider: 'cpu', threads: 1 } });
    await client.start();
    const stop = new AbortController();
    stop.abort(new JobCancelledError());
    await expect(client.textLook(image, stop.signal)).rejects.toBeInstanceOf(JobCancelledError);
    expect(proc.sent.map((m) => m.type)).toEqual(['init']);
    await client.close();
  });
});
