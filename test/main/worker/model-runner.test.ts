// The model process's embedding models in this process (no model process): a photo's features and detections are
// the same whichever photos share its batch. The runner splits a batch into smaller model runs to hold less memory
// (the mirrors apart from the originals, the detector one image a run); that must not change what is stored.
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbedItemResult } from '../../../src/main/engine/inference/protocol.js';
import type { RgbImage } from '../../../src/main/engine/media/rgb-image.js';
import { bundledModelsDir } from '../../../src/main/engine/paths.js';
import { ModelRunner } from '../../../src/main/worker/model-runner.js';
import { TEST_PHOTOS } from '../../helpers/fixtures.js';

const CALTECH = path.join(TEST_PHOTOS, 'caltech101-dev');
const PHOTOS = ['Motorbikes/image_0253.jpg', 'airplanes/image_0055.jpg', 'Faces/image_0011.jpg'];

async function rgb(file: string): Promise<RgbImage> {
  const { data, info } = await sharp(file).rotate().resize(512, 512, { fit: 'inside' }).removeAlpha().raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 };
}

let runner: ModelRunner;
let images: RgbImage[];
beforeAll(async () => {
  runner = await ModelRunner.create({ modelDirs: [bundledModelsDir()], provider: 'cpu', threads: 2 });
  images = await Promise.all(PHOTOS.map((p) => rgb(path.join(CALTECH, p))));
});
afterAll(async () => {
  await runner?.release();
});

describe('ModelRunner.embed', () => {
  it('gives each photo the same features and detections in a batch as alone', async () => {
    const together = await runner.embed(images);
    const alone: EmbedItemResult[] = [];
    for (const image of images) alone.push(...(await runner.embed([image])));
    expect(together).toHaveLength(images.length);
    for (let i = 0; i < images.length; i++) {
      expect(together[i].features.mobilenet).toEqual(alone[i].features.mobilenet);
      expect(together[i].features.centernet).toEqual(alone[i].features.centernet);
      expect(together[i].detections).toEqual(alone[i].detections);
    }
    // and the photos differ from one another: a mix-up of images within the batch would show
    expect(together[0].features.mobilenet).not.toEqual(together[1].features.mobilenet);
    expect(together[0].detections.map((d) => d.label)).toContain('motorcycle');
    expect(together[1].detections.map((d) => d.label)).toContain('airplane');
  });
});
