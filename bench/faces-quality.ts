// People quality on ../shared/data/faces-dev: share of labelled faces found, BCubed precision / recall of the app's
// own grouping at its own thresholds. The photos are copied under neutral names (img-0001.jpg ...) in a shuffled
// order, so neither names nor folders can help. Also prints the face stage's time per photo.
// Usage: npx tsx bench/faces-quality.ts [path/to/faces-dev]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { evaluatePeople, loadPeopleTruth } from '../src/main/engine/faces/evaluate-people.js';

const source = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', '..', 'shared', 'data', 'faces-dev'));
const truthFile = path.join(source, 'ground-truth.json');
if (!fs.existsSync(truthFile)) {
  console.error(`faces-dev not found at ${source} (it lives in ../shared/data, beside the repository): nothing measured.`);
  process.exit(1);
}
const truth = loadPeopleTruth(truthFile);
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-faces-'));
const photos = path.join(folder, 'photos');
fs.mkdirSync(photos);
// a fixed shuffle: order by a hash of the path, so the catalog's ids say nothing either
const order = [...truth.images].sort((a, b) => (hash(a.path) < hash(b.path) ? -1 : 1));
const neutral = order.map((img, i) => {
  const name = `img-${String(i + 1).padStart(4, '0')}${path.extname(img.path).toLowerCase()}`;
  fs.copyFileSync(path.join(source, img.path), path.join(photos, name));
  return { path: name, people: img.people };
});
const neutralTruth = path.join(folder, 'truth.json');
fs.writeFileSync(neutralTruth, JSON.stringify({ images: neutral }));

const t0 = performance.now();
const report = await evaluatePeople(photos, neutralTruth, { warn: () => {} });
const seconds = (performance.now() - t0) / 1000;
console.log(`faces-dev: ${report.images} photos (copied as img-NNNN), indexed and grouped in ${seconds.toFixed(1)} s`);
console.log(`labelled faces found   ${report.foundFaces}/${report.labelledFaces} = ${(report.detectionRecall * 100).toFixed(1)}%   (goal >= 97%)`);
console.log(`BCubed precision       ${report.bcubedPrecision.toFixed(4)}   (goal >= 0.95)`);
console.log(`BCubed recall          ${report.bcubedRecall.toFixed(4)}   (goal >= 0.80)`);
console.log(`people ${report.people}, faces not grouped ${report.unassigned}`);
fs.rmSync(folder, { recursive: true, force: true });

function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
