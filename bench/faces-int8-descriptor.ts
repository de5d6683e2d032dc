// int8 against float dlib descriptors (scripts/models/quantize-dlib-face.ts) on the faces the stage describes in an
// evaluation set: cosine of the (face + mirror) descriptors, and CPU ms a face of each model (1 thread, the face and
// its mirror in one batch of two, as the stage runs them), with the load average.
// Usage: npx tsx bench/faces-int8-descriptor.ts <int8.onnx> [photos dir]   (default: faces-dev)
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { dlibChips } from '../scripts/models/quantize-dlib-face.js';
import { evaluationData } from './evaluation-data.js';

const int8File = process.argv[2];
const root = process.argv[3] ?? evaluationData('faces-dev');
const walk = (d: string): string[] => readdirSync(d).sort().flatMap((f) => {
  const p = path.join(d, f);
  return statSync(p).isDirectory() ? walk(p) : /\.jpe?g$/i.test(f) ? [p] : [];
});
const chips = await dlibChips(walk(root));
const run = async (file: string): Promise<{ out: Float32Array[]; ms: number }> => {
  const s = await ort.InferenceSession.create(file, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const out: Float32Array[] = [];
  await s.run({ input: new ort.Tensor('float32', chips[0], [2, 150, 150, 3]) });
  const t = process.cpuUsage();
  for (const c of chips) out.push(Float32Array.from((await s.run({ input: new ort.Tensor('float32', c, [2, 150, 150, 3]) })).descriptor.data as Float32Array));
  const u = process.cpuUsage(t);
  await s.release();
  return { out, ms: (u.user + u.system) / 1000 / chips.length };
};
const f = await run('resources/models/dlib-face.onnx');
const q = await run(int8File);
const cos = f.out.map((a, k) => {
  const b = q.out[k];
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < 128; i++) {
    const x = a[i] + a[i + 128], y = b[i] + b[i + 128];
    dot += x * y; na += x * x; nb += y * y;
  }
  return dot / Math.sqrt(na * nb);
}).sort((a, b) => a - b);
console.log(`${chips.length} faces in ${root}: cosine int8 to float median ${cos[cos.length >> 1].toFixed(4)}, 1st percentile ${cos[Math.floor(cos.length / 100)].toFixed(4)}, min ${cos[0].toFixed(4)}`);
console.log(`CPU ms a face (with its mirror): float ${f.ms.toFixed(1)}, int8 ${q.ms.toFixed(1)}; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
