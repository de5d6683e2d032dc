import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { extractLocalFeatures, matchLocalFeatures, packLocalFeatures } from '../../src/main/engine/duplicates/local-features.js';
import { seededEdits } from '../duplicates-edits.js';
const prev = async (buf: Buffer | string) => {
  const { data, info } = await sharp(buf).rotate().resize(1280, 1280, { fit: 'inside', withoutEnlargement: true }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), w: info.width, h: info.height };
};
const feat = async (buf: Buffer | string) => {
  const p = await prev(buf);
  const t0 = performance.now();
  const f = extractLocalFeatures(p.data, p.w, p.h);
  return { f, ms: performance.now() - t0 };
};
const edits = seededEdits(2);
const times: number[] = [];
const sizes: number[] = [];
for (const name of process.argv.slice(2)) {
  const src = path.join('/work/shared/data/hires', name);
  const o = await feat(src);
  times.push(o.ms);
  const line: string[] = [];
  for (const e of edits) {
    const x = await feat(await e.apply(src));
    times.push(x.ms);
    sizes.push(packLocalFeatures(x.f).length);
    const t0 = performance.now();
    const m = matchLocalFeatures(o.f, x.f);
    line.push(`${e.name}:${m.tight}/${m.overlap}=${(m.tight / Math.max(1, m.overlap)).toFixed(2)}`);
  }
  console.log(name.slice(0, 18), o.f.xy.length / 2, line.join(' '));
}
// negatives: caltech pairs within a class, and the stop signs
const root = '/work/shared/data/caltech101-dev';
const neg: number[] = [];
const classes = fs.readdirSync(root).sort().slice(0, 40);
for (const c of classes) {
  const files = fs.readdirSync(path.join(root, c)).sort().slice(0, 4).map((f) => path.join(root, c, f));
  const fs2 = [];
  for (const f of files) fs2.push((await feat(f)).f);
  for (let i = 0; i < fs2.length; i++) for (let j = i + 1; j < fs2.length; j++) { const m = matchLocalFeatures(fs2[i], fs2[j]); neg.push(m.tight / Math.max(1, m.overlap)); }
}
neg.sort((a, b) => b - a);
console.log('within-class negatives top share:', neg.slice(0, 15).map((x) => x.toFixed(2)).join(' '), 'n', neg.length);
const stop = ['0005', '0022', '0034', '0049', '0001', '0010'].map((n) => path.join(root, 'stop_sign', `image_${n}.jpg`)).filter((f) => fs.existsSync(f));
const sf = [];
for (const f of stop) sf.push((await feat(f)).f);
for (let i = 0; i < sf.length; i++) for (let j = i + 1; j < sf.length; j++) { const m = matchLocalFeatures(sf[i], sf[j]); console.log('stop', path.basename(stop[i]), path.basename(stop[j]), m.tight, m.overlap, (m.tight / Math.max(1, m.overlap)).toFixed(2)); }
times.sort((a, b) => a - b);
console.log(`extract ms p50 ${times[times.length >> 1].toFixed(1)} p90 ${times[Math.floor(times.length * 0.9)].toFixed(1)}; bytes avg ${(sizes.reduce((a, b) => a + b, 0) / sizes.length).toFixed(0)}`);
