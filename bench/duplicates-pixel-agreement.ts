// Pair-level check of the duplicate finder's keypoint verification and the pixel check after it
// (near-duplicate-rule.ts LOCAL and PIXELS): which copies keypoints verify and the pixel check keeps, and which
// different photos of one subject (photos taken again of a still scene) keypoints verify and the pixel check
// vetoes. Faster than bench/duplicates-groups.ts (no models, no catalog): for tuning, not for the figures users see.
//
//   npx tsx bench/duplicates-pixel-agreement.ts [--seeds 1,2] [--only copies|others]
//
// Copies: the seeded edits of bench/duplicates-edits.ts of the 25 hires originals (shrunk to 1600 px first, edits
// cached under os.tmpdir()/loupe-dup-pixels). Others: every pair of photos of one Caltech-101 class (the classes with
// photos of one subject again: Faces and the faces-crop-pairs, dollar_bill, metronome, octopus, stop_sign), both ways
// round as the grouping may compare them; the faces-crop-pairs' own pairs (a photo and its tight crop) are copies.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { extractLocalFeatures, matchLocalFeatures, type LocalFeatures } from '../src/main/engine/duplicates/local-features.js';
import { localVerified, pixelsAgree } from '../src/main/engine/duplicates/near-duplicate-rule.js';
import { pixelAgreement } from '../src/main/engine/duplicates/pixel-agreement.js';
import { seededEdits } from './duplicates-edits.js';
import { evaluationData } from './evaluation-data.js';

const HIRES = evaluationData('hires');
const CALTECH = evaluationData('caltech101-dev');
const FACES = evaluationData('faces-crop-pairs');
const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const SEEDS = arg('seeds', '1').split(',').map(Number);
const ONLY = arg('only', 'all');
const CACHE = path.join(os.tmpdir(), 'loupe-dup-pixels');
fs.mkdirSync(CACHE, { recursive: true });

/** Keypoints of a photo as the copyquality stage finds them (from the 1280-px preview). */
async function features(input: string): Promise<LocalFeatures> {
  const { data, info } = await sharp(input, { limitInputPixels: false }).rotate().resize(1280, 1280, { fit: 'inside', withoutEnlargement: true }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return extractLocalFeatures(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), info.width, info.height);
}

interface Verdict {
  keypoints: boolean;
  pixels: boolean;
  text: string;
  /** share of the cells that agree, and the whole overlap's correlation (when keypoints verified) */
  share?: number;
  ncc?: number;
}

function verdict(a: LocalFeatures, b: LocalFeatures): Verdict {
  const m = matchLocalFeatures(a, b);
  const keypoints = localVerified(m);
  const p = keypoints ? pixelAgreement(a, b, m.transform) : undefined;
  const vignette = p?.vignette ? `; vignette of ${p.vignette.side} taken out (${Math.round(p.vignette.drop * 100)}% darker at the edge): NCC ${p.vignette.ncc.toFixed(3)}` : '';
  const text = `${m.tight} of ${m.overlap} keypoints${p ? `, ${p.agreeing} of ${p.cells} cells agree, NCC ${p.ncc.toFixed(2)}${vignette}` : ''}`;
  return { keypoints, pixels: keypoints && pixelsAgree(p), text, share: p ? p.agreeing / Math.max(1, p.cells) : undefined, ncc: p?.ncc };
}

const tally = new Map<string, { n: number; keypoints: number; kept: number }>();
const count = (key: string, v: Verdict): void => {
  const t = tally.get(key) ?? { n: 0, keypoints: 0, kept: 0 };
  t.n++;
  if (v.keypoints) t.keypoints++;
  if (v.pixels) t.kept++;
  tally.set(key, t);
};
const notes: string[] = [];
/** the copies keypoints verify, with how well their pixels agree: the margin the pixel check has */
const margins: { label: string; share: number; ncc: number }[] = [];

if (ONLY !== 'others') {
  for (const name of fs.readdirSync(HIRES).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort()) {
    const original = path.join(CACHE, name.replace(/\.\w+$/, '.png'));
    if (!fs.existsSync(original)) await sharp(path.join(HIRES, name), { limitInputPixels: false }).rotate().resize(1600, 1600, { fit: 'inside' }).png().toFile(original);
    const fo = await features(original);
    for (const seed of SEEDS) {
      for (const e of seededEdits(seed)) {
        const file = path.join(CACHE, `${seed}-${e.name}-${name}.jpg`);
        if (!fs.existsSync(file)) fs.writeFileSync(file, await e.apply(original));
        const v = verdict(fo, await features(file));
        count(`copy ${e.name}`, v);
        if (v.share !== undefined) margins.push({ label: `seed ${seed} ${e.name} of ${name}`, share: v.share, ncc: v.ncc! });
        if (v.keypoints && !v.pixels) notes.push(`copy vetoed by the pixel check: seed ${seed} ${e.name} of ${name} (${v.text})`);
      }
    }
  }
}
if (ONLY !== 'copies') {
  const files: string[] = [];
  for (const c of ['Faces', 'dollar_bill', 'metronome', 'octopus', 'stop_sign']) for (const f of fs.readdirSync(path.join(CALTECH, c)).sort()) files.push(path.join(CALTECH, c, f));
  for (const sub of ['Faces', 'Faces_easy']) for (const f of fs.readdirSync(path.join(FACES, sub)).sort()) files.push(path.join(FACES, sub, f));
  const feats: LocalFeatures[] = [];
  for (const f of files) feats.push(await features(f));
  const subject = (f: string): string => path.basename(path.dirname(f)).replace(/_easy$/, '');
  const rel = (f: string): string => path.relative(path.dirname(path.dirname(path.dirname(f))), f);
  for (let i = 0; i < files.length; i++) {
    for (let j = i + 1; j < files.length; j++) {
      if (subject(files[i]) !== subject(files[j])) continue;
      const copy = files[i].startsWith(FACES) && files[j].startsWith(FACES) && path.basename(files[i]) === path.basename(files[j]);
      // either way round, as the grouping compares whichever is placed later with the earlier
      const ab = verdict(feats[i], feats[j]);
      const ba = verdict(feats[j], feats[i]);
      const v = ab.pixels || !ba.keypoints ? ab : ba;
      const kind = copy ? 'copy faces-crop-pair' : `other ${subject(files[i])}`;
      count(kind, { keypoints: ab.keypoints || ba.keypoints, pixels: ab.pixels || ba.pixels, text: v.text });
      if (!copy && (ab.keypoints || ba.keypoints)) notes.push(`${v.pixels ? 'MERGED' : 'vetoed'}: ${rel(files[i])} ~ ${rel(files[j])} (${v.text})`);
      if (copy && (ab.keypoints || ba.keypoints) && !(ab.pixels || ba.pixels)) notes.push(`copy vetoed by the pixel check: ${rel(files[i])} ~ ${rel(files[j])} (${v.text})`);
    }
  }
}
console.log('pairs                     n   keypoints verify   and pixels agree');
for (const [k, t] of [...tally].sort()) console.log(`${k.padEnd(24)} ${String(t.n).padStart(5)}   ${String(t.keypoints).padStart(8)}           ${String(t.kept).padStart(8)}`);
console.log('(copies should be kept; "other" pairs are different photos of one subject: Caltech holds a few true duplicates among them, see bench/duplicates-groups.ts)');
for (const n of notes) console.log(`  ${n}`);
if (margins.length) {
  console.log('copies verified by keypoints, lowest share of agreeing cells, then lowest correlation:');
  for (const m of [...margins].sort((a, b) => a.share - b.share).slice(0, 8)) console.log(`  ${m.share.toFixed(2)} ${m.ncc.toFixed(2)} ${m.label}`);
  for (const m of [...margins].sort((a, b) => a.ncc - b.ncc).slice(0, 8)) console.log(`  ${m.share.toFixed(2)} ${m.ncc.toFixed(2)} ${m.label}`);
}
