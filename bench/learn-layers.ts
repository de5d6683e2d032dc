// Which stored features would teach a tag best? A probe of other layers and poolings of the two networks the
// embed stage already runs (issue #11, step 2), on caltech101-dev: each candidate layer is pooled (average, max,
// GeM p = 3) for the 1,200 photos (no flip), whitened on the library itself as the app fits it (PCA 256,
// unlabelled), optionally fused with the other branch, and taught with the shipped trainer: mean F1 at the app's
// threshold and at the best cut in hindsight, K = 5.
//
//   npx tsx bench/learn-layers.ts extract         # runs the networks once, caches pooled rows under $TMPDIR
//   FLIP=1 npx tsx bench/learn-layers.ts extract  # the same on mirror images; `<name>~` then averages the two
//                                                 # (ONLY=mn-b16dw,cn-b13dw limits extraction to those layers)
//   npx tsx bench/learn-layers.ts eval [name...]  # teaches every class on each candidate set
//   npx tsx bench/learn-layers.ts map [name...]   # find-similar on the same vectors: mAP / P@1 / P@10 (DBA 5 + QE 5)
//
// Not part of the engine: the layers the engine stores are chosen in docs/models.md; see docs/learned-tags.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { loadTfjsGraphFromFiles, loadTfjsGraphFromJsModules } from '../scripts/models/tfjs-graph.js';
import { convertTfjsToOnnx } from '../scripts/models/tfjs-to-onnx.js';
import { flipHorizontal } from '../src/main/engine/embedding/features.js';
import { bytesToRange, resizeRgb } from '../src/main/engine/models/preprocess.js';
import { applyBranchBatch, fitBranch, l2normalise } from '../src/main/engine/embedding/whitening.js';
import { rowsOf } from '../src/main/engine/learn/rows.js';
import { DEFAULT_TRAINER } from '../src/main/engine/learn/trainer.js';
import { caltechDev, decodePreview, ROOT } from './retrieval-data.js';
import { summarise, teach, type Outcome } from './learn-caltech.js';
import { evaluate as retrieval, fmt } from './retrieval-metrics.js';

const NSFW = 'StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/StatefulPartitionedCall/StatefulPartitionedCall/predict/MobilenetV2/';
const CN = 'tower_0/MobilenetV3/';
interface Net {
  id: string;
  load: () => ReturnType<typeof loadTfjsGraphFromFiles>;
  size: number;
  /** the shape the converter infers static shapes from (the detector's head needs its own) */
  nominal: number;
  range: [number, number];
  tensors: Record<string, string>;
}
/** SIZE=320: CenterNet's input side instead of 256 (rows named `cn320-...`) */
const CN_SIZE = Number(process.env.SIZE ?? 256);
const NETS: Net[] = [
  {
    id: 'mn',
    load: () => loadTfjsGraphFromJsModules(path.join(ROOT, 'node_modules/nsfwjs/dist/models/mobilenet_v2_mid/')),
    size: 224,
    nominal: 224,
    range: [0, 1],
    tensors: {
      b16dw: `${NSFW}expanded_conv_16/depthwise/depthwise`, // what the engine stores (GAP)
      b16ex: `${NSFW}expanded_conv_16/expand/Relu6`,
      b15dw: `${NSFW}expanded_conv_15/depthwise/depthwise`,
      b14dw: `${NSFW}expanded_conv_14/depthwise/depthwise`,
      b13ex: `${NSFW}expanded_conv_13/expand/Relu6`,
      b12dw: `${NSFW}expanded_conv_12/depthwise/depthwise`,
      conv1: `${NSFW}Conv_1/Relu6`,
    },
  },
  {
    id: CN_SIZE === 256 ? 'cn' : `cn${CN_SIZE}`,
    load: () => loadTfjsGraphFromFiles(path.join(ROOT, 'node_modules/@vladmandic/human/models/centernet.json')),
    size: CN_SIZE,
    nominal: 512,
    range: [0, 255],
    tensors: {
      b14dw: `${CN}expanded_conv_14/depthwise/hard_swish/mul_1`, // what the engine stores (GAP)
      b14ex: `${CN}expanded_conv_14/expand/hard_swish/mul_1`,
      b13dw: `${CN}expanded_conv_13/depthwise/hard_swish/mul_1`,
      b13ex: `${CN}expanded_conv_13/expand/hard_swish/mul_1`,
      b13se: `${CN}expanded_conv_13/squeeze_excite/mul`,
      b12dw: `${CN}expanded_conv_12/depthwise/hard_swish/mul_1`,
      extern1: 'tower_0/extern1/hard_swish/mul_1',
      head: 'tower_0/CenternetHead/Relu_2',
    },
  },
];
const POOLS = ['gap', 'max', 'gem'] as const;
const DIR = path.join(os.tmpdir(), 'loupe-learn-layers');
/** FLIP=1: extract from the mirror images (rows named `...-flip`) */
const FLIP = process.env.FLIP === '1' ? '-flip' : '';
const fileOf = (name: string) => path.join(DIR, `${name}.f32`);

async function extract(): Promise<void> {
  fs.mkdirSync(DIR, { recursive: true });
  const set = caltechDev();
  const cpu0 = process.cpuUsage();
  const previews = [];
  for (const f of set.files) previews.push(await decodePreview(f));
  for (const net of NETS) {
    const only = process.env.ONLY?.split(',');
    const names = Object.keys(net.tensors).filter((n) => (!only || only.includes(`${net.id}-${n}`)) && !fs.existsSync(fileOf(`${net.id}-${n}-gap${FLIP}`)));
    if (names.length === 0) continue;
    const { bytes } = convertTfjsToOnnx(net.load(), {
      graphName: `probe_${net.id}`,
      inputName: 'input',
      inputDims: ['N', 'H', 'W', 3],
      nominalInputShape: [1, net.nominal, net.nominal, 3],
      outputs: names.map((n) => ({ name: n, tensor: net.tensors[n] })),
    });
    const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
    const rows: Record<string, Float32Array[]> = {};
    const c0 = process.cpuUsage();
    for (const p of previews) {
      const plain = { data: bytesToRange(await resizeRgb(p, net.size, net.size), net.range), width: net.size, height: net.size };
      const { data } = FLIP ? flipHorizontal(plain) : plain;
      const out = await session.run({ input: new ort.Tensor('float32', data, [1, net.size, net.size, 3]) });
      for (const n of names) {
        const t = out[n];
        const [, h, w, c] = t.dims as number[];
        const v = t.data as Float32Array;
        for (const pool of POOLS) {
          const r = new Float32Array(c);
          if (pool === 'max') r.fill(-Infinity);
          for (let s = 0; s < h * w; s++) {
            for (let k = 0; k < c; k++) {
              const x = v[s * c + k];
              if (pool === 'gap') r[k] += x / (h * w);
              else if (pool === 'max') r[k] = Math.max(r[k], x);
              else r[k] += Math.max(0, x) ** 3 / (h * w);
            }
          }
          if (pool === 'gem') for (let k = 0; k < c; k++) r[k] = Math.cbrt(r[k]);
          (rows[`${net.id}-${n}-${pool}${FLIP}`] ??= []).push(r);
        }
      }
    }
    const u = process.cpuUsage(c0);
    console.log(`${net.id}: ${((u.user + u.system) / 1000 / previews.length).toFixed(1)} CPU ms a photo for all its probe outputs; load ${os.loadavg()[0].toFixed(1)}`);
    for (const [name, rs] of Object.entries(rows)) {
      const all = new Float32Array(rs.length * rs[0].length);
      rs.forEach((r, i) => all.set(r, i * r.length));
      fs.writeFileSync(fileOf(name), Buffer.from(all.buffer));
      console.log(`  ${name} ${rs[0].length}-d`);
    }
  }
  const u = process.cpuUsage(cpu0);
  console.log(`total ${((u.user + u.system) / 1e6).toFixed(0)} CPU s`);
}

/** `name~`: the photo's and its mirror image's rows averaged, as the engine stores them (needs FLIP=1 extract). */
function load(name: string, n: number): Float32Array[] {
  if (name.endsWith('~')) {
    const a = load(name.slice(0, -1), n);
    const b = load(`${name.slice(0, -1)}-flip`, n);
    return a.map((r, i) => r.map((v, j) => (v + b[i][j]) / 2));
  }
  const buf = fs.readFileSync(fileOf(name));
  const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const dim = all.length / n;
  return Array.from({ length: n }, (_, i) => all.slice(i * dim, (i + 1) * dim));
}

/** `a+b` fuses whitened branches with equal weights; `a^s` sets a branch's shrink (default 1). */
async function vectors(spec: string, n: number): Promise<Float32Array[]> {
  const parts = await Promise.all(
    spec.split('+').map(async (p) => {
      const [name, s] = p.split('^');
      const raw = load(name, n);
      const w = await fitBranch(raw, { dims: 256, shrink: s ? Number(s) : 1 });
      return applyBranchBatch(w, raw);
    }),
  );
  return parts[0].map((_, i) => {
    const out = new Float32Array(parts.reduce((d, p) => d + p[i].length, 0));
    let off = 0;
    for (const p of parts) {
      out.set(p[i].map((v) => v / Math.sqrt(parts.length)), off);
      off += p[i].length;
    }
    return l2normalise(out);
  });
}

async function evaluate(specs: string[]): Promise<void> {
  const set = caltechDev();
  const n = set.files.length;
  const labels = set.labels.map((l) => set.classes[l]);
  const classes = [...new Set(labels)].sort();
  for (const spec of specs) {
    const x = rowsOf(await vectors(spec, n));
    const lib = { ids: labels.map((_, i) => i), labels, classes, features: {} };
    for (const k of (process.env.EXAMPLES ?? '5').split(',').map(Number)) {
      const app: Outcome[] = [];
      const hind: Outcome[] = [];
      for (const cls of classes) {
        for (let d = 0; d < DRAWS; d++) {
          const r = teach(lib, x, cls, k, 1000 * d + classes.indexOf(cls) + 1, DEFAULT_TRAINER, ['app', 'hindsight']);
          app.push(r.app);
          hind.push(r.hindsight);
        }
      }
      summarise(`K=${k} ${spec} app${DRAWS > 1 ? ` (${DRAWS} draws)` : ''}`, app);
      summarise(`K=${k} ${spec} hindsight`, hind);
    }
  }
}

/** class draws (example sets) per class: DRAWS=3 in the environment for three */
const DRAWS = Number(process.env.DRAWS ?? 1);
const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'extract') await extract();
else if (cmd === 'map') {
  const set = caltechDev();
  for (const spec of rest) console.log(`${spec.padEnd(50)} ${fmt(await retrieval(await vectors(spec, set.files.length), set.labels, { dba: { k: 5, alpha: 1 }, qe: { k: 5, alpha: 1 } }))}`);
}
else await evaluate(rest.length ? rest : ['mn-b16dw-gap+cn-b14dw-gap^3']);
