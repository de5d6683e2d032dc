// CPU ms per photo of each model run the first pass makes, as the model process makes it (its session options,
// batch 4 for the embeddings, one image a run for the detector), on 512-px decodes of ../shared/data/hires
// (what the quick pass sends). Run: npx tsx bench/index-model-cost.ts [folder]
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import ort from 'onnxruntime-node';
import { findModel, loadManifest, modelPath } from '../src/main/engine/models/manifest.js';
import { bytesToRange, resizeRgb, stackBatch, type ModelInputData, type RgbImage } from '../src/main/engine/models/preprocess.js';
import { flipHorizontal } from '../src/main/engine/embedding/features.js';
import { openSession } from '../src/main/worker/sessions.js';
import { ModelRunner } from '../src/main/worker/model-runner.js';
import { bundledModelsDir } from '../src/main/engine/paths.js';
import { evaluationData } from './evaluation-data.js';
import { photosIn } from './photo-sets.js';

const MODELS = path.join(path.dirname(path.dirname(new URL(import.meta.url).pathname)), 'resources/models');
const files = photosIn(process.argv[2] ? path.resolve(process.argv[2]) : evaluationData('hires'));
const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
sharp.cache(false);
const previews: RgbImage[] = [];
for (const f of files) {
  const { data, info } = await sharp(f).rotate().resize(512, 512, { fit: 'inside', withoutEnlargement: true }).removeAlpha().toColourspace('srgb').raw()
    .toBuffer({ resolveWithObject: true });
  previews.push({ data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: 3 });
}
const manifest = await loadManifest(MODELS);
const threads = Number(process.env.LOUPE_MODEL_THREADS ?? os.availableParallelism());
const open = async (id: string, size: number) => {
  const entry = findModel(manifest, id);
  const probe = () => ({ [entry.input.name]: new ort.Tensor('float32', new Float32Array(size * size * 3), [1, size, size, 3]) });
  return { entry, session: (await openSession(modelPath(MODELS, entry), ['cpu'], threads, probe)).session };
};
type Opened = Awaited<ReturnType<typeof open>>;
async function inputs(m: Opened, size: number, batch: RgbImage[]): Promise<ModelInputData[]> {
  return Promise.all(batch.map(async (p) => ({ data: bytesToRange(await resizeRgb(p, size, size), m.entry.input.range), width: size, height: size })));
}
async function cost(name: string, m: Opened, size: number, batchSize: number, fetches: string[], flip = false): Promise<void> {
  const runAll = async (): Promise<void> => {
    for (let i = 0; i < previews.length; i += batchSize) {
      const ins = await inputs(m, size, previews.slice(i, i + batchSize));
      const b = stackBatch(flip ? ins.map(flipHorizontal) : ins);
      await m.session.run({ [m.entry.input.name]: new ort.Tensor('float32', b.data, b.dims) }, fetches);
    }
  };
  await runAll(); // warm-up: arena grown, kernels chosen
  const c0 = cpuMs();
  const t0 = performance.now();
  for (let r = 0; r < 2; r++) await runAll();
  const n = previews.length * 2;
  console.log(`${name.padEnd(46)} ${((cpuMs() - c0) / n).toFixed(1).padStart(6)} CPU ms/photo  ${((performance.now() - t0) / n).toFixed(1).padStart(6)} wall ms`);
}
console.log(`${previews.length} photos, ${threads} model threads, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const mobilenet = await open('nsfwjs-mobilenetv2', 224);
const mobilenetInt8 = await open('nsfwjs-mobilenetv2-embed-int8', 224);
const cnEmbed = await open('centernet-coco-embed', 256);
const detector = await open('centernet-coco', 320);
await cost('mobilenet 224 embed float, batch 4', mobilenet, 224, 4, ['embed']);
await cost('mobilenet 224 embed int8 (what runs), batch 4', mobilenetInt8, 224, 4, ['embed']);
await cost('centernet backbone 256 embed, batch 4', cnEmbed, 256, 4, ['embed']);
// BEFORE_CENTERNET_EMBED=<an earlier centernet-coco-embed.onnx>: that file beside the shipped one, alternately
// (e.g. block 14's, `git show 439653a:resources/models/centernet-coco-embed.onnx`; issues #11, #15)
if (process.env.BEFORE_CENTERNET_EMBED) {
  const entry = cnEmbed.entry;
  const probe = () => ({ [entry.input.name]: new ort.Tensor('float32', new Float32Array(256 * 256 * 3), [1, 256, 256, 3]) });
  const before = { entry, session: (await openSession(process.env.BEFORE_CENTERNET_EMBED, ['cpu'], threads, probe)).session };
  for (let r = 0; r < 2; r++) {
    await cost('  centernet backbone 256, the earlier file', before, 256, 4, ['embed']);
    await cost('  centernet backbone 256, the shipped file', cnEmbed, 256, 4, ['embed']);
  }
}
await cost('detector 320 heatmap+wh, batch 1', detector, 320, 1, ['heatmap', 'wh']);
await cost('detector 320 heatmap+wh+embed, batch 1', detector, 320, 1, ['heatmap', 'wh', 'embed']);
await cost('centernet backbone 320 embed, batch 4', cnEmbed, 320, 4, ['embed']);
// what the model process does for an embed request of 4 photos: every run above, with its resizes and conversions
const runner = await ModelRunner.create({ modelDirs: [bundledModelsDir()], provider: 'cpu', threads });
const embedAll = async (): Promise<void> => {
  for (let i = 0; i < previews.length; i += 4) await runner.embed(previews.slice(i, i + 4));
};
await embedAll();
const c0 = cpuMs();
for (let r = 0; r < 2; r++) await embedAll();
console.log(`${'ModelRunner.embed (the whole request), batch 4'.padEnd(46)} ${((cpuMs() - c0) / (2 * previews.length)).toFixed(1).padStart(6)} CPU ms/photo`);
await runner.release();
console.log(`load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
