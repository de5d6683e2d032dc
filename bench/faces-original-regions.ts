// What the closer look's decode of an original costs (src/main/engine/faces/closer-look.ts: one sharp pipeline,
// rotate + extract, for a photo's small head regions): CPU ms of this process (libvips' threads included) to cut a
// 100 px square at 10 %, 50 % and 90 % of the height, zoomed to 256 px, beside a full decode and the 1280 px preview
// (shrink-on-load), for the three largest JPEGs of ../shared/data/hires. libvips decodes a baseline JPEG down to the
// region's last row and stops; a progressive JPEG is decoded whole whatever the region.
// Usage: npx tsx bench/faces-original-regions.ts [REPEAT=5]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { evaluationData } from './evaluation-data.js';

const REPEAT = Number(process.argv[2] ?? 5);
const hires = evaluationData('hires');
sharp.cache(false);
const jpegs = await Promise.all(fs.readdirSync(hires).filter((f) => /\.jpe?g$/i.test(f)).map(async (f) => {
  const file = path.join(hires, f);
  const m = await sharp(file).metadata();
  return { file, width: m.width ?? 0, height: m.height ?? 0, progressive: m.isProgressive ?? false };
}));
const largest = jpegs.sort((a, b) => b.width * b.height - a.width * a.height).slice(0, 3);

async function cpu(f: () => Promise<unknown>): Promise<number> {
  await f();
  const c0 = process.cpuUsage();
  for (let i = 0; i < REPEAT; i++) await f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / REPEAT / 1000;
}

console.log(`load average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}; CPU ms per call, mean of ${REPEAT}`);
for (const { file, width, height, progressive } of largest) {
  const parts = [`full decode ${(await cpu(() => sharp(file).raw().toBuffer())).toFixed(0)}`];
  parts.push(`1280 px preview ${(await cpu(() => sharp(file).rotate().resize(1280, 1280, { fit: 'inside' }).raw().toBuffer())).toFixed(0)}`);
  for (const at of [0.1, 0.5, 0.9]) {
    const region = { left: Math.round(width / 2), top: Math.round(height * at) - 50, width: 100, height: 100 };
    parts.push(`region ${at * 100} % down ${(await cpu(() => sharp(file).rotate().extract(region).resize(256, 256, { fit: 'fill' }).raw().toBuffer())).toFixed(0)}`);
  }
  console.log(`${path.basename(file)} (${width} x ${height}, ${progressive ? 'progressive' : 'baseline'}): ${parts.join(', ')}`);
}
console.log(`load average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);
