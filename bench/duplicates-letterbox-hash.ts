// What hashing the picture inside a letterbox or frame (perceptual-hash.ts contentHashes) finds, and what it would
// group that it should not. Every photo of ../shared/data (Caltech-101, the faces photos, the kphotoalbum demo, the
// hires originals, the street scenes) is decoded as the phash stage does (512-px upright preview); the photos with
// bands get their picture inside hashed, and each such hash is compared with every other photo's whole-picture hash
// under its 8 rotations/mirrors. A pair within the rule's distance (THRESHOLDS.hashSure) is a new match that nothing
// else made: printed, for a person to look at (Caltech holds a few pictures twice). Then the recall side: each hires
// original screenshotted on a phone held upright, and shown on a 16:9 screen (black bands), against the original.
//
//   npx tsx bench/duplicates-letterbox-hash.ts
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { contentHashes, dihedralHashes, minDihedralDistance } from '../src/main/engine/duplicates/perceptual-hash.js';
import { THRESHOLDS } from '../src/main/engine/duplicates/near-duplicate-rule.js';
import type { RgbImage } from '../src/main/engine/media/rgb-image.js';

const DATA = path.resolve('..', 'shared', 'data');
if (!fs.existsSync(DATA)) {
  console.log(`no evaluation data at ${DATA}: nothing to measure`);
  process.exit(0);
}

const EDGE = 512;
async function preview(input: string | Buffer): Promise<RgbImage> {
  const { data, info } = await sharp(input).rotate().resize(EDGE, EDGE, { fit: 'inside', withoutEnlargement: true }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (/\.(jpe?g|png)$/i.test(e.name)) out.push(p);
  }
  return out;
}

const sets = ['caltech101-dev', 'faces-crop-pairs', 'faces-dev', 'robustness/kphotoalbum-demo', 'hires', 'ocr-dev/icdar2015'];
const files = sets.flatMap((s) => (fs.existsSync(path.join(DATA, s)) ? filesUnder(path.join(DATA, s)) : []));
const whole: bigint[][] = [];
const content: bigint[][] = [];
const t0 = performance.now();
for (const f of files) {
  const p = await preview(f);
  whole.push(dihedralHashes(p));
  content.push(contentHashes(p));
}
const decodeS = (performance.now() - t0) / 1000;
const banded = content.filter((c) => c.length).length;
console.log(`${files.length} photos decoded and hashed in ${decodeS.toFixed(1)} s; ${banded} have bands (a letterbox or frame) and a content hash`);

let pairs = 0;
const close: { a: string; b: string; d: number; wholeD: number }[] = [];
for (let i = 0; i < files.length; i++) {
  if (!content[i].length) continue;
  for (let j = 0; j < files.length; j++) {
    if (i === j) continue;
    pairs++;
    const d = minDihedralDistance(content[i][0], whole[j]).distance;
    if (d <= THRESHOLDS.hashSure) close.push({ a: files[i], b: files[j], d, wholeD: minDihedralDistance(whole[i][0], whole[j]).distance });
  }
}
const rel = (f: string): string => path.relative(DATA, f);
const newOnes = close.filter((c) => c.wholeD > THRESHOLDS.hashSure);
console.log(`${pairs.toLocaleString('en')} content-vs-whole pairs; within ${THRESHOLDS.hashSure}: ${close.length}, of which the whole hashes did not already match: ${newOnes.length}`);
for (const c of newOnes) console.log(`  d=${c.d} (whole ${c.wholeD})  ${rel(c.a)}  <->  ${rel(c.b)}`);

// recall: the hires originals as screenshots
const hires = filesUnder(path.join(DATA, 'hires'));
for (const [name, box] of [['phone upright 1170x2532', { width: 1170, height: 2532 }], ['16:9 screen 1920x1080', { width: 1920, height: 1080 }]] as const) {
  let found = 0;
  let foundBefore = 0;
  const ds: number[] = [];
  for (const f of hires) {
    const shot = await sharp(f).rotate().resize({ ...box, fit: 'contain', background: '#000' }).png().toBuffer();
    const s = await preview(shot);
    const o = dihedralHashes(await preview(f));
    const c = contentHashes(s);
    const d = c.length ? minDihedralDistance(c[0], o).distance : 64;
    ds.push(d);
    if (d <= THRESHOLDS.hashSure) found++;
    if (minDihedralDistance(dihedralHashes(s)[0], o).distance <= THRESHOLDS.hashSure) foundBefore++;
  }
  console.log(`${name}: ${found}/${hires.length} within ${THRESHOLDS.hashSure} by the picture inside (whole hash alone: ${foundBefore}); distances ${ds.sort((a, b) => a - b).join(' ')}`);
}
