import sharp from 'sharp';
import fs from 'node:fs';
import path from 'node:path';
const dir = '/work/wt/shared/data/hires';
for (const f of fs.readdirSync(dir).sort()) {
  const buf = fs.readFileSync(path.join(dir, f));
  const m = await sharp(buf).metadata();
  if (!m.icc) continue;
  const dec = (ignoreIcc) => sharp(buf, { autoOrient: false, ignoreIcc }).resize({ width: 1280, height: 1280, fit: 'inside', withoutEnlargement: true }).flatten({ background: '#ffffff' }).toColourspace('srgb').removeAlpha().raw().toBuffer();
  const [a, b] = [await dec(false), await dec(true)];
  let max = 0, sum = 0, n1 = 0;
  for (let i = 0; i < a.length; i++) { const d = Math.abs(a[i] - b[i]); if (d > max) max = d; sum += d; if (d) n1++; }
  console.log(f.padEnd(40), 'max', max, 'mean', (sum / a.length).toFixed(4), 'changed', (100 * n1 / a.length).toFixed(2) + '%');
}
