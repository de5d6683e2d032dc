import sharp from 'sharp';
import { extractLocalFeatures, matchLocalFeatures } from '../../src/main/engine/duplicates/local-features.js';
const feat = async (f: string) => { const { data, info } = await sharp(f).removeAlpha().raw().toBuffer({ resolveWithObject: true }); return extractLocalFeatures(new Uint8Array(data), info.width, info.height, info.channels); };
const files = process.argv.slice(2);
const fs = await Promise.all(files.map(feat));
for (let i = 0; i < fs.length; i++) for (let j = i + 1; j < fs.length; j++) { const m = matchLocalFeatures(fs[i], fs[j]); console.log(files[i].split('/').pop(), files[j].split('/').pop(), fs[i].xy.length / 2, fs[j].xy.length / 2, m); }
