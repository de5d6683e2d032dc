// Cost of the face stage's models per photo: detection (256 + 512 px passes) and a descriptor per face, on the
// 1280 px preview the stage reads, for ../shared/data/hires (25 large photos) and for group photos (kphotoalbum's
// and faces-dev's). Prints wall and CPU ms per photo (CPU: this process, onnxruntime's threads included) and the
// CPU of each part (each detection pass; alignment and descriptors). Decoding is not counted: the analyse stage
// decodes the preview anyway. The second look (SECOND_LOOK) reads the person boxes of the quick pass's object detector,
// computed here first and not counted; so does the closer look (closer-look.ts: the original's decode counted).
// Each photo is read REPEAT times (default 5) and its median CPU time counted.
// --ab: each measurement also with the large-face pass at 256 px (the setting before round seven), alternately, in
// this process: the same photos and load for both.
// Usage: npx tsx bench/faces-cost.ts [threads=FACE_THREADS, what the app uses] [REPEAT] [--ab]
import fs from 'node:fs';
import path from 'node:path';
import { analyzePhoto } from '../src/main/engine/media/index.js';
import { FACE_DETECTION, FACE_THREADS, FaceRunner } from '../src/main/worker/faces/face-runner.js';
import { ModelRunner } from '../src/main/worker/model-runner.js';
import { personBoxes } from '../src/main/engine/faces/person-boxes.js';
import { closerCrops } from '../src/main/engine/faces/closer-look.js';
import { QUICK_PREVIEW_EDGE } from '../src/main/engine/pipeline/stage.js';
import sharp from 'sharp';

const DATA = path.resolve(import.meta.dirname, '..', '..', 'shared', 'data');
if (!fs.existsSync(DATA)) {
  console.error(`${DATA} not found: the shared data lives beside the repository. Nothing measured.`);
  process.exit(1);
}
const AB = process.argv.includes('--ab');
const args = process.argv.slice(2).filter((a) => a !== '--ab');
const threads = Number(args[0] ?? FACE_THREADS);
const REPEAT = Number(args[1] ?? 5);
const NOW = FACE_DETECTION.sizes;
/** the whole-photo passes' sizes the runner reads (the bench sets them for --ab; the app never changes them) */
const setSizes = (sizes: readonly [number, number]) => { (FACE_DETECTION as { sizes: readonly [number, number] }).sizes = sizes; };
const runner = await FaceRunner.create(path.resolve(import.meta.dirname, '..', 'resources', 'models'), ['cpu'], threads);
// The quick pass's object detector gives the person boxes the second look reads (not counted: the quick pass runs it)
const objects = await ModelRunner.create({ modelDirs: [path.resolve(import.meta.dirname, '..', 'resources', 'models')], provider: 'cpu', threads: 1 });
const hires = fs.readdirSync(path.join(DATA, 'hires')).filter((f) => /\.(jpe?g|png)$/i.test(f)).map((f) => path.join(DATA, 'hires', f));
const kp = path.join(DATA, 'robustness', 'kphotoalbum-demo');
const groups = [
  ...['qt-logo.jpg', 'bar55.jpg', 'bar55_2.jpg', 'pool.jpg', 'cold_water.jpg', 'new_wave_1.jpg'].map((f) => path.join(kp, f)),
  path.join(DATA, 'faces-dev', 'face_recognition', 'knn_examples', 'test', 'kit_with_rose.jpg'),
].filter((f) => fs.existsSync(f));

/** `second`: with the person boxes (the second look), or without (the whole-photo passes only, as before it). */
async function measure(label: string, files: string[], second: boolean): Promise<void> {
  const wall: number[] = [];
  let cpu = 0;
  let faces = 0;
  const parts: Record<string, number> = {};
  for (const file of files) {
    const photo = await analyzePhoto(file, { mtimeMs: 0, previewEdge: 1280 });
    const image = { data: photo.preview.data, width: photo.preview.width, height: photo.preview.height, channels: 3 as const };
    const quick = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
      .resize(QUICK_PREVIEW_EDGE, QUICK_PREVIEW_EDGE, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
    const [objectsFound] = await objects.embed([{ data: quick.data, width: quick.info.width, height: quick.info.height, channels: 3 }]);
    const people = second ? personBoxes(objectsFound.detections) : [];
    await runner.faces(image, undefined, people); // warm: first runs allocate
    // the median of REPEAT runs: on the shared machine one run's CPU time moves by +-5 ms with the other sessions' load
    const runs: { cpu: number; wall: number; n: number }[] = [];
    for (let r = 0; r < REPEAT; r++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      // the closer look (closer-look.ts) reads the original where a head is too small in the preview, as the stage does
      const closer = second ? await closerCrops(file, image, people) : [];
      const n = (await runner.faces(image, parts, people, { closer })).length;
      const c = process.cpuUsage(c0);
      runs.push({ cpu: (c.user + c.system) / 1000, wall: performance.now() - t0, n });
    }
    runs.sort((a, b) => a.cpu - b.cpu);
    const median = runs[Math.floor(REPEAT / 2)];
    faces += median.n;
    wall.push(median.wall);
    cpu += median.cpu;
  }
  for (const k of Object.keys(parts)) parts[k] /= REPEAT;
  wall.sort((a, b) => a - b);
  const avg = wall.reduce((a, b) => a + b, 0) / wall.length;
  console.log(`${label}${second ? '' : ', without the second look'}${AB ? `, passes ${FACE_DETECTION.sizes.join(' + ')} px` : ''}: ${files.length} photos, ${faces} faces; per photo (median of ${REPEAT} runs) wall avg ${avg.toFixed(0)} ms (p50 ${wall[Math.floor(wall.length / 2)].toFixed(0)}, p95 ${wall[Math.floor(wall.length * 0.95)].toFixed(0)}), CPU avg ${(cpu / files.length).toFixed(0)} ms   (goal <= 60 ms CPU)`);
  console.log(`  CPU ms per photo by part: ${Object.entries(parts).map(([k, v]) => `${k} ${(v / files.length).toFixed(1)}`).join(', ')}`);
}

console.log(`face models on ${threads} thread(s), load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
for (const second of [false, true]) {
  for (const sizes of AB ? [[256, 512] as const, NOW] : [NOW]) {
    setSizes(sizes);
    await measure('hires', hires, second);
    await measure('group photos', groups, second);
  }
}
console.log(`load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
await runner.release();
await objects.release();
