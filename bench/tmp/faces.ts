import fs from 'node:fs';
import sharp from 'sharp';
import { extractLocalFeatures, matchLocalFeatures } from '../../src/main/engine/duplicates/local-features.js';
const feat = async (f: string) => { const { data, info } = await sharp(f).rotate().resize(1280, 1280, { fit: 'inside', withoutEnlargement: true }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true }); return { f: extractLocalFeatures(new Uint8Array(data), info.width, info.height, info.channels), w: info.width, h: info.height }; };
const root = '/work/shared/data/faces-crop-pairs';
const out: string[] = [];
let ok = 0;
const names = fs.readdirSync(`${root}/Faces`).sort().slice(0, 30);
for (const n of names) {
  const a = await feat(`${root}/Faces/${n}`);
  const b = await feat(`${root}/Faces_easy/${n}`);
  const m = matchLocalFeatures(a.f, b.f);
  if (m.inliers >= 10 && m.inliers >= 0.5 * m.matches) ok++;
  out.push(`${m.inliers}/${m.matches} s${m.scale.toFixed(2)} [${a.w}x${a.h} ${a.f.xy.length / 2}kp | ${b.w}x${b.h} ${b.f.xy.length / 2}kp]`);
}
console.log(out.join('\n'));
console.log('verified', ok, 'of', names.length);
