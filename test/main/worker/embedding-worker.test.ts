// The real model process (dist/embedding-worker.js) releases a group of models it has not used for a while, and
// loads it again on the next request with the same answers: the quick pass's models go while the deep pass runs.
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { InferenceClient } from '../../../src/main/engine/inference/inference-client.js';
import type { ModelGroup, WorkerResponse } from '../../../src/main/engine/inference/protocol.js';
import { forkNodeWorker } from '../../../src/main/engine/inference/worker-port.js';
import { personBoxes } from '../../../src/main/engine/faces/person-boxes.js';
import type { RgbImage } from '../../../src/main/engine/media/rgb-image.js';
import { REPO_ROOT, TEST_PHOTOS, waitFor } from '../../helpers/fixtures.js';

const WORKER = path.join(REPO_ROOT, 'dist', 'embedding-worker.js');
const MODELS = path.join(REPO_ROOT, 'resources', 'models');

async function preview(rel: string): Promise<RgbImage> {
  const { data, info } = await sharp(path.join(TEST_PHOTOS, 'caltech101-dev', rel)).rotate().resize(512, 512, { fit: 'inside' })
    .removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 };
}

describe('the model process releases models it no longer uses', () => {
  let client: InferenceClient | null = null;
  afterEach(async () => {
    await client?.close();
    client = null;
  });

  it('releases each idle group on its own and reloads it on demand, with the same answers', async () => {
    client = new InferenceClient({
      createPort: () => forkNodeWorker(WORKER),
      init: { modelDirs: [MODELS], provider: 'cpu', threads: 2, idleReleaseMs: 1000 },
    });
    const loaded = async (): Promise<ModelGroup[]> => (await client!.usage())!.loaded.sort();
    const photos = await Promise.all(['airplanes/image_0055.jpg', 'Faces/image_0011.jpg'].map(preview));

    await client.start();
    const embedded = await client.embed(photos);
    const faces = await client.faces(photos[1]);
    expect(faces.length).toBeGreaterThan(0);
    // the person boxes as the quick pass kept them (the detector's, for this photo)
    const people = personBoxes(embedded[1].detections);

    // the deep pass goes on with faces; the embedding models, unused, are released meanwhile
    await waitFor(async () => {
      await client!.faces(photos[1], people);
      const now = await loaded();
      return now.includes('faces') && !now.includes('embed');
    }, 15_000, 'the idle embedding models to be released while the face models are in use');
    // without person boxes (a photo indexed before they were kept) a face request runs the object detector, an
    // embedding model: the embedding group is loaded again, and counted so, to be released again when idle
    await client.faces(photos[1]);
    expect(await loaded()).toEqual(['embed', 'faces']);

    await waitFor(async () => (await loaded()).length === 0, 15_000, 'the idle face models to be released');
    // the process is still there; the next requests load their models again and answer alike
    const again = await client.embed(photos);
    expect(again.map((r) => r.features)).toEqual(embedded.map((r) => r.features));
    expect(again.map((r) => r.detections)).toEqual(embedded.map((r) => r.detections));
    expect(await client.faces(photos[1], people)).toEqual(faces);
    expect(client.starts).toBe(1);
  });
});

describe('the model process gives back memory when idle', () => {
  it('gives back what the models\' runs grew (their shared arena) once every model is released', async () => {
    const client = new InferenceClient({
      createPort: () => forkNodeWorker(WORKER),
      init: { modelDirs: [MODELS], provider: 'cpu', threads: 2, idleReleaseMs: 1000 },
    });
    try {
      await client.start();
      const rssMiB = async (): Promise<number> => (await client.usage())!.rssBytes / 2 ** 20;
      // a 1,280-px reading: the reading detector's buffers are the largest any model grows (~250 MiB)
      const { data, info } = await sharp(path.join(TEST_PHOTOS, 'hires', 'lomiri16__Bridge_by_Sander_Klootwijk.jpg'))
        .resize(1280, 1280, { fit: 'inside' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      await client.textRead({ data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 }, 1280);
      const reading = await rssMiB();
      await waitFor(async () => (await client.usage())!.loaded.length === 0, 15_000, 'every model to be released');
      expect(reading - await rssMiB()).toBeGreaterThan(100); // ~170 MiB; 2 when the arena stays
    } finally {
      await client.close();
    }
  });
});

describe('the model process and requests the engine no longer wants', () => {
  it('skips a request cancelled before its turn, answering it as cancelled, and goes on with the next', async () => {
    const port = forkNodeWorker(WORKER);
    const answered: WorkerResponse[] = [];
    port.onMessage((m) => answered.push(m));
    const answerTo = (id: number) => waitFor(() => answered.some((m) => 'id' in m && m.id === id), 60_000, `the answer to request ${id}`);
    try {
      const photo = await preview('Faces/image_0011.jpg');
      port.send({ id: 1, type: 'init', params: { modelDirs: [MODELS], provider: 'cpu', threads: 2 } });
      // a stopped job's cancel is handled on arrival, ahead of the queue: here it comes before the request itself
      port.send({ id: 2, type: 'cancel', ids: [3] });
      port.send({ id: 3, type: 'faces', image: photo });
      port.send({ id: 4, type: 'faces', image: photo });
      await answerTo(4); // requests are handled in order: 3's turn has passed
      const ids = answered.flatMap((m) => ('id' in m ? [m.id] : []));
      expect(ids).toEqual([1, 3, 4]);
      expect(answered.find((m) => 'id' in m && m.id === 3)).toEqual({ id: 3, ok: false, error: 'cancelled' });
      const faces = answered.find((m) => 'id' in m && m.id === 4) as { ok: boolean; result: unknown[] };
      expect(faces.ok).toBe(true);
      expect(faces.result.length).toBeGreaterThan(0);
    } finally {
      port.kill();
    }
  });
});
