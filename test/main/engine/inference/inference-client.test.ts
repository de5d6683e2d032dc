import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { InferenceClient } from '../../../../src/main/engine/inference/inference-client.js';
import { forkNodeWorker, type WorkerPort } from '../../../../src/main/engine/inference/worker-port.js';
import type { ProviderChoice } from '../../../../src/shared/settings.js';
import { REPO_ROOT, TEST_PHOTOS, caltechSample } from '../../../helpers/fixtures.js';
import type { RgbImage } from '../../../../src/main/engine/media/rgb-image.js';

const WORKER = path.join(REPO_ROOT, 'dist', 'embedding-worker.js');
const MODELS = path.join(REPO_ROOT, 'resources', 'models');

async function preview(rel: string): Promise<RgbImage> {
  const { data, info } = await sharp(path.join(TEST_PHOTOS, rel)).rotate().resize(512, 512, { fit: 'inside' })
    .removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 };
}

describe('InferenceClient + the real embedding worker process', () => {
  const ports: WorkerPort[] = [];
  let client: InferenceClient | null = null;
  const logs: string[] = [];
  const makeClient = (provider: ProviderChoice, idleUnloadMs?: number) =>
    new InferenceClient({
      createPort: () => {
        const p = forkNodeWorker(WORKER);
        ports.push(p);
        return p;
      },
      init: { modelDirs: [MODELS], provider, threads: 2 },
      idleUnloadMs,
      log: (level, m) => logs.push(`${level}: ${m}`),
    });

  afterEach(async () => {
    await client?.close();
    client = null;
    ports.length = 0;
    logs.length = 0;
  });

  it('computes per-branch features and COCO detections for real photos', async () => {
    client = makeClient('auto');
    const images = await Promise.all(caltechSample(['airplanes', 'Motorbikes'], 2).map(preview));
    const results = await client.embed(images);
    expect(results).toHaveLength(4);
    for (const r of results) {
      expect(r.features.mobilenet).toBeInstanceOf(Float32Array);
      expect(r.features.mobilenet.length).toBe(1344);
      expect(r.features.centernet.length).toBe(720);
      expect(r.features.mobilenet.some((v) => v !== 0)).toBe(true);
    }
    expect(results.slice(0, 2).some((r) => r.detections.some((d) => d.label === 'airplane' && d.labelZh === '飞机'))).toBe(true);
    expect(results.slice(2).some((r) => r.detections.some((d) => d.label === 'motorcycle'))).toBe(true);
  });

  it('reports what the model process has cost (CPU, peak memory), and nothing when none runs', async () => {
    client = makeClient('cpu');
    expect(await client.usage()).toBeNull(); // asking starts nothing
    await client.start();
    const before = (await client.usage())!;
    await client.embed(await Promise.all(caltechSample(['airplanes'], 2).map(preview)));
    const after = (await client.usage())!;
    expect(after.cpuMs).toBeGreaterThan(before.cpuMs); // the models ran there, not here
    expect(after.maxRssBytes).toBeGreaterThanOrEqual(before.maxRssBytes);
    expect(after.maxRssBytes).toBeGreaterThan(50 * 2 ** 20); // the loaded models alone are larger
  });

  it("'auto' says which provider runs and why the GPU ones were passed over", async () => {
    client = makeClient('auto');
    const report = await client.start();
    expect(['cpu', 'webgpu', 'dml', 'coreml', 'cuda']).toContain(report.provider);
    if (report.provider === 'cpu' && process.platform !== 'darwin') {
      // No GPU here (CI): WebGPU was tried first and its failure was explained.
      expect(report.fallbacks[0].provider).toBe('webgpu');
      expect(report.fallbacks[0].reason.length).toBeGreaterThan(5);
      expect(logs.some((l) => l.includes('webgpu'))).toBe(true);
    }
    expect(logs.some((l) => l.includes(`run on the ${report.provider} execution provider`))).toBe(true);
  });

  it('a forced provider that cannot run fails clearly instead of silently using another', async () => {
    client = makeClient('cuda'); // the npm package ships no CUDA provider library
    await expect(client.start()).rejects.toThrow(/cuda/);
  });

  it('restarts the process after it dies, and unloads it when idle', async () => {
    client = makeClient('cpu', 300);
    const img = [await preview(caltechSample(['cup'], 1)[0])];
    await client.embed(img);
    expect(client.starts).toBe(1);
    // A crash: wait for the exit itself (the client's own exit listener, registered first, has run by then), not a
    // fixed delay that a loaded machine can outlast.
    const exited = new Promise<void>((resolve) => ports[0].onExit(() => resolve()));
    ports[0].kill();
    await exited;
    const again = await client.embed(img);
    expect(again[0].features.mobilenet.length).toBe(1344);
    expect(client.starts).toBe(2);
    await new Promise((r) => setTimeout(r, 800)); // idle: unloaded
    await client.embed(img);
    expect(client.starts).toBe(3);
  });
});
