// CPU cost of the duplicate finder's keypoint extraction (extractLocalFeatures, local-features.ts), as the copy
// quality stage runs it on the 1280-px viewer image: ms of CPU a photo (mean, p50, p90) and a checksum of all the
// outputs (positions, descriptors, sizes, thumbnails), so that a faster extraction can be shown to give the same.
//
//   nice npx tsx bench/duplicates-keypoint-cost.ts [--rounds 5] [--reference]
//
// Photos: the 25 hires originals, the kphotoalbum demo's photos and every fourth of ocr-dev's ICDAR 2015 street scenes
// (the first 15), decoded once to 1280 px (sharp, as bench/duplicates-pixel-agreement.ts does). --reference also times the
// extraction as it was before issue #15 (test/helpers/local-features-reference.ts), interleaved round by round with
// the current one, and says whether the two outputs agree bit for bit. CPU time (process.cpuUsage), not wall time:
// the machine may be shared; the load average is printed beside the figures.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { extractLocalFeatures, type LocalFeatures } from '../src/main/engine/duplicates/local-features.js';
import { referenceExtractLocalFeatures } from '../test/helpers/local-features-reference.js';
import { evaluationData } from './evaluation-data.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const ROUNDS = Number(arg('rounds', '5'));
const REFERENCE = process.argv.includes('--reference');
const images = (dir: string): string[] => fs.readdirSync(dir).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort().map((f) => path.join(dir, f));

const hires = images(evaluationData('hires'));
const everyday = images(evaluationData('robustness', 'kphotoalbum-demo'));
// (as bench/duplicates-groups.ts picks its street originals)
const street = images(evaluationData('ocr-dev', 'icdar2015', 'ch4_training_images')).filter((_, i) => i % 4 === 0).slice(0, 15);

interface Decoded { name: string; data: Uint8Array; width: number; height: number }
const decoded: Decoded[] = [];
for (const file of [...hires, ...everyday, ...street]) {
  const { data, info } = await sharp(file, { limitInputPixels: false }).rotate().resize(1280, 1280, { fit: 'inside', withoutEnlargement: true }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  decoded.push({ name: path.basename(file), data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height });
}
console.log(`${decoded.length} photos (${hires.length} hires, ${everyday.length} kphotoalbum, ${street.length} street), decoded to 1280 px; ${ROUNDS} rounds`);

function checksum(all: LocalFeatures[]): string {
  const h = crypto.createHash('sha256');
  for (const f of all) {
    h.update(`${f.width}x${f.height}:${f.xy.length}:`);
    h.update(new Uint8Array(f.xy.buffer, f.xy.byteOffset, f.xy.byteLength));
    h.update(f.descriptors);
    if (f.thumb) {
      h.update(`${f.thumb.w}x${f.thumb.h}:`);
      h.update(f.thumb.g);
    }
  }
  return h.digest('hex').slice(0, 16);
}

type Extract = (data: Uint8Array, width: number, height: number) => LocalFeatures;
const runs: { label: string; extract: Extract; ms: number[]; sum?: string }[] = [{ label: 'current', extract: extractLocalFeatures, ms: [] }];
if (REFERENCE) runs.push({ label: 'reference (before #15)', extract: referenceExtractLocalFeatures, ms: [] });

// one warm-up pass each (JIT), then the rounds, the extractions interleaved round by round
for (const r of runs) r.sum = checksum(decoded.map((d) => r.extract(d.data, d.width, d.height)));
const load: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const r of round % 2 ? [...runs].reverse() : runs) {
    for (const d of decoded) {
      const t0 = process.cpuUsage();
      r.extract(d.data, d.width, d.height);
      const t = process.cpuUsage(t0);
      r.ms.push((t.user + t.system) / 1000);
    }
  }
  load.push(os.loadavg()[0]);
}
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
for (const r of runs) {
  const mean = r.ms.reduce((a, b) => a + b, 0) / r.ms.length;
  console.log(`${r.label.padEnd(24)} CPU ms a photo: mean ${mean.toFixed(2)}, p50 ${pct(r.ms, 0.5).toFixed(2)}, p90 ${pct(r.ms, 0.9).toFixed(2)}   checksum ${r.sum}`);
}
if (REFERENCE) console.log(runs[0].sum === runs[1].sum ? 'outputs agree bit for bit' : 'OUTPUTS DIFFER');
console.log(`load average (1 min) during the rounds: ${load.map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);
