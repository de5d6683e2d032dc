// Inference cost of the embedding per image (CPU EP, 2 threads): each model alone, requesting only
// `embed` vs all outputs, batch 1 and 8, plus computeRawFeatures end to end (resize included) with
// and without the flip pass. Run: npx tsx bench/retrieval-timing.ts
import ort from 'onnxruntime-node';
import { computeRawFeatures } from '../src/main/engine/embedding/features.js';
import { openEmbeddingSessions } from '../src/main/engine/embedding/sessions.js';
import { caltechDev, decodePreview, MODELS_DIR } from './retrieval-data.js';

const s = await openEmbeddingSessions(MODELS_DIR, 2);
const REPS = 4;
for (const [name, m, size] of [['mobilenet', s.mobilenet, 224], ['centernet', s.centernet, 256]] as const) {
  for (const outs of [['embed'], [...m.session.outputNames]]) {
    for (const b of [1, 8]) {
      const x = new ort.Tensor('float32', new Float32Array(b * size * size * 3).fill(0.5), [b, size, size, 3]);
      await m.session.run({ [m.entry.input.name]: x }, outs);
      const t = performance.now();
      for (let r = 0; r < REPS; r++) await m.session.run({ [m.entry.input.name]: x }, outs);
      console.log(`${name} ${size}px outputs=[${outs.join(',')}] batch ${b}: ${((performance.now() - t) / REPS / b).toFixed(1)} ms/img`);
    }
  }
}
const set = caltechDev();
const previews = await Promise.all(set.files.slice(0, 32).map((f) => decodePreview(f)));
for (const flip of [false, true]) {
  await computeRawFeatures(s, previews.slice(0, 8), { flip });
  const t = performance.now();
  for (let i = 0; i < previews.length; i += 8) await computeRawFeatures(s, previews.slice(i, i + 8), { flip });
  console.log(`computeRawFeatures flip=${flip} batch 8: ${((performance.now() - t) / previews.length).toFixed(1)} ms/img (both models, resize included)`);
}
