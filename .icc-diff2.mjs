import sharp from 'sharp';
import fs from 'node:fs';
import path from 'node:path';
const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
const byProfile = new Map();
for (const set of ['hires', 'faces-dev', 'robustness']) {
  for (const f of walk(path.join('/work/wt/shared/data', set))) {
    if (!/\.(jpe?g|png)$/i.test(f)) continue;
    let m; try { m = await sharp(f).metadata(); } catch { continue; }
    if (!m.icc || m.space !== 'srgb' || m.depth !== 'uchar') continue;
    for (const edge of [512, 1280]) {
      const dec = (ignoreIcc) => sharp(f, { autoOrient: false, ignoreIcc, failOn: 'error' }).resize({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true }).flatten({ background: '#ffffff' }).toColourspace('srgb').removeAlpha().raw().toBuffer();
      let a, b; try { a = await dec(false); b = await dec(true); } catch { continue; }
      let max = 0, nd = 0;
      for (let i = 0; i < a.length; i++) { const d = Math.abs(a[i] - b[i]); if (d > max) max = d; if (d) nd++; }
      const k = `${m.icc.length}`;
      const s = byProfile.get(k) ?? { photos: new Set(), max: 0, nd: 0, n: 0 };
      s.photos.add(f); s.max = Math.max(s.max, max); s.nd += nd; s.n += a.length; byProfile.set(k, s);
    }
  }
}
for (const [k, s] of byProfile) console.log(`profile ${k} bytes: ${s.photos.size} photos, max diff ${s.max}, values changed ${(100 * s.nd / s.n).toFixed(3)}%`);
