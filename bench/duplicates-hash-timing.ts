// Cost of the per-photo hash signals on a 1280-px preview (whole-picture variants + centred window).
import sharp from 'sharp';
import { centreHashes, dihedralHashes, hashBasis, isNearUniform } from '../src/main/engine/duplicates/perceptual-hash.js';
import { evaluationData } from './evaluation-data.js';

const { data, info } = await sharp(evaluationData('hires', 'mate__Dune.jpg')).resize(1280, 1280, { fit: 'inside' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
const p = { data, width: info.width, height: info.height, channels: 3 as const };
for (let i = 0; i < 5; i++) centreHashes(p); // warm-up
const N = 30;
const t = performance.now();
for (let i = 0; i < N; i++) {
  const b = hashBasis(p);
  dihedralHashes(b);
  isNearUniform(b);
  centreHashes(p);
}
console.log(`${info.width}x${info.height}: ${((performance.now() - t) / N).toFixed(1)} ms per photo (basis + 8 variants + flatness + centre window)`);
