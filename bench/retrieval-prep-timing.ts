// Where computeRawFeatures spends its non-inference time: resize (sharp) and byte->float conversion.
// Run: npx tsx bench/retrieval-prep-timing.ts
import { bytesToRange, resizeRgb } from '../src/main/engine/models/preprocess.js';
import { flipHorizontal } from '../src/main/engine/embedding/features.js';
import { caltechDev, decodePreview } from './retrieval-data.js';

const previews = await Promise.all(caltechDev().files.slice(0, 48).map((f) => decodePreview(f)));
for (const size of [224, 256]) {
  let t = performance.now();
  const rgb = [];
  for (const p of previews) rgb.push(await resizeRgb(p, size, size));
  const tResize = (performance.now() - t) / previews.length;
  t = performance.now();
  const f = rgb.map((b) => bytesToRange(b, [0, 1]));
  const tConv = (performance.now() - t) / previews.length;
  t = performance.now();
  f.forEach((d) => flipHorizontal({ data: d, width: size, height: size }));
  const tFlip = (performance.now() - t) / previews.length;
  console.log(`${size}px: resize ${tResize.toFixed(1)} ms, to float ${tConv.toFixed(2)} ms, flip ${tFlip.toFixed(2)} ms per image`);
}
