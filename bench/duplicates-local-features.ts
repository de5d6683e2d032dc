// Cost of the duplicate finder's per-photo analysis (copy quality + local features), and of one pair check:
// CPU time (process.cpuUsage, so a busy machine does not inflate it), bytes stored, on real photos. The preview
// is decoded once beforehand, as the analyse stage does; only the duplicate stage's own work is timed.
//
//   npx tsx bench/duplicates-local-features.ts [--n 200]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { copyQuality, JPEG_HEAD_BYTES } from '../src/main/engine/duplicates/copy-quality.js';
import { extractLocalFeatures, matchLocalFeatures, packLocalFeatures, type LocalFeatures } from '../src/main/engine/duplicates/local-features.js';
import { pixelAgreement } from '../src/main/engine/duplicates/pixel-agreement.js';

const DATA = path.resolve(import.meta.dirname, '..', '..', 'shared', 'data');
if (!fs.existsSync(path.join(DATA, 'hires'))) {
  console.error(`This benchmark needs ../shared/data (hires, caltech101-dev); not found at ${DATA}.`);
  process.exit(2);
}
const i = process.argv.indexOf('--n');
const N = i >= 0 ? Number(process.argv[i + 1]) : 200;
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const caltech = fs.readdirSync(path.join(DATA, 'caltech101-dev')).sort().flatMap((c) => fs.readdirSync(path.join(DATA, 'caltech101-dev', c)).sort().slice(0, 2).map((f) => path.join(DATA, 'caltech101-dev', c, f)));
const files = [...fs.readdirSync(path.join(DATA, 'hires')).sort().map((f) => path.join(DATA, 'hires', f)), ...caltech].slice(0, N);
const quality: number[] = [];
const local: number[] = [];
const bytes: number[] = [];
const feats: LocalFeatures[] = [];
for (const file of files) {
  const { data, info } = await sharp(file, { limitInputPixels: false }).rotate().resize(1280, 1280, { fit: 'inside', withoutEnlargement: true }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const head = fs.readFileSync(file).subarray(0, JPEG_HEAD_BYTES);
  const px = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let t = cpuMs();
  copyQuality({ data: px, width: info.width, height: info.height }, head);
  quality.push(cpuMs() - t);
  t = cpuMs();
  const f = extractLocalFeatures(px, info.width, info.height);
  local.push(cpuMs() - t);
  bytes.push(packLocalFeatures(f).length);
  feats.push(f);
}
// pair checks: every photo against the next 10 (what a placement meets: its candidates' representatives)
const pair: number[] = [];
const t0 = cpuMs();
let checks = 0;
for (let a = 0; a < feats.length; a++) {
  for (let k = 1; k <= 10; k++) {
    const t = cpuMs();
    matchLocalFeatures(feats[a], feats[(a + k) % feats.length]);
    pair.push(cpuMs() - t);
    checks++;
  }
}
const pairTotal = cpuMs() - t0;
// the lay-over a hash-matched copy gets for the keep rules (near-duplicate-rule.ts layOver): the thumbnails compared
// under a pure scale, each photo against itself (the cost does not depend on what the pixels show)
const t1 = cpuMs();
const LAYOVER_ROUNDS = 20;
for (let r = 0; r < LAYOVER_ROUNDS; r++) for (const f of feats) pixelAgreement(f, f, [1, 0, 0, 0]);
const layOver = (cpuMs() - t1) / (LAYOVER_ROUNDS * feats.length);
console.log(`${files.length} photos (25 hires, the rest Caltech-101), 1280-px previews; CPU time per photo:`);
console.log(`  copy quality (padding, sharpness, noise, chroma, JPEG tables): p50 ${pct(quality, 50).toFixed(1)} ms, p90 ${pct(quality, 90).toFixed(1)} ms`);
console.log(`  local features (FAST + BRIEF, 3 levels):                        p50 ${pct(local, 50).toFixed(1)} ms, p90 ${pct(local, 90).toFixed(1)} ms`);
console.log(`  stored: keypoints ${(bytes.reduce((a, b) => a + b, 0) / bytes.length / 1024).toFixed(2)} KB a photo on average (max ${(Math.max(...bytes) / 1024).toFixed(2)} KB), plus 7 numbers of copy quality`);
console.log(`  pair check (match + RANSAC): ${((pairTotal / checks) * 1000).toFixed(0)} µs on average over ${checks} checks (p90 ${(pct(pair, 90) * 1000).toFixed(0)} µs)`);
console.log(`  lay-over of a hash-matched copy (pixel check, for the keep rules): ${(layOver * 1000).toFixed(0)} µs`);
console.log(`  (load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
