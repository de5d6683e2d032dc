import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { copyQuality, JPEG_HEAD_BYTES } from '/work/wt/dups/src/main/engine/duplicates/copy-quality.js';
import { seededEdits } from '/work/wt/dups/bench/duplicates-edits.js';
const names = process.argv.slice(2);
const edits = seededEdits(1);
for (const name of names) {
  const src = path.join('/work/shared/data/hires', name);
  const variants: [string, Buffer][] = [['original', fs.readFileSync(src)]];
  for (const e of edits) variants.push([e.name, await e.apply(src)]);
  for (const [label, buf] of variants) {
    const t0 = performance.now();
    const { data, info } = await sharp(buf).rotate().resize(1280, 1280, { fit: 'inside', withoutEnlargement: true }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const t1 = performance.now();
    const q = copyQuality({ data, width: info.width, height: info.height }, buf.subarray(0, JPEG_HEAD_BYTES));
    const t2 = performance.now();
    console.log(`${name.slice(0, 20).padEnd(20)} ${label.padEnd(11)} ${String(info.width).padStart(5)} pad ${q.paddingShare.toFixed(3)} sharp ${q.sharpness.toFixed(3)} noise ${q.noise.toFixed(2)} chroma ${q.chroma.toFixed(1)} q ${q.jpegQuality} tex ${q.texturedShare.toFixed(2)} ${(t2 - t1).toFixed(0)}ms`);
  }
}
