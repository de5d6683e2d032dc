// Computes and caches every raw view the retrieval experiments compare, for all of caltech101-dev,
// and prints each pass's cost. Run: npx tsx bench/retrieval-extract.ts
import { flipHorizontal, runPooled } from '../src/main/engine/embedding/features.js';
import { MOBILENET_FLOAT_MODEL_ID, openEmbeddingSessions } from '../src/main/engine/embedding/sessions.js';
import { bytesToRange, resizeRgb, type ModelInputData, type RgbImage } from '../src/main/engine/models/preprocess.js';
import type { InferenceSession } from 'onnxruntime-node';
import { cachedRows, caltechDev, decodePreview, MODELS_DIR } from './retrieval-data.js';

const BATCH = 8;

export interface View {
  name: string;
  /** 'mobilenet': the float network (nsfwjs-mobilenetv2); 'mobilenet-int8': the int8 embed model the engine runs */
  model: 'mobilenet' | 'mobilenet-int8' | 'centernet';
  size: number;
  flip: boolean;
  output: string;
  dim: number;
}

export const VIEWS: View[] = [
  { name: 'mobilenet-embed', model: 'mobilenet', size: 224, flip: false, output: 'embed', dim: 1344 },
  { name: 'mobilenet-embed-flip', model: 'mobilenet', size: 224, flip: true, output: 'embed', dim: 1344 },
  { name: 'mobilenet-feature', model: 'mobilenet', size: 224, flip: false, output: 'feature', dim: 1792 },
  { name: 'mobilenet-feature-flip', model: 'mobilenet', size: 224, flip: true, output: 'feature', dim: 1792 },
  { name: 'cn256-embed', model: 'centernet', size: 256, flip: false, output: 'embed', dim: 720 },
  { name: 'cn256-embed-flip', model: 'centernet', size: 256, flip: true, output: 'embed', dim: 720 },
  { name: 'cn320-embed', model: 'centernet', size: 320, flip: false, output: 'embed', dim: 720 },
  { name: 'cn320-embed-flip', model: 'centernet', size: 320, flip: true, output: 'embed', dim: 720 },
  { name: 'mobilenet-int8-embed', model: 'mobilenet-int8', size: 224, flip: false, output: 'embed', dim: 1344 },
  { name: 'mobilenet-int8-embed-flip', model: 'mobilenet-int8', size: 224, flip: true, output: 'embed', dim: 1344 },
];

async function pass(
  session: InferenceSession,
  inputName: string,
  range: [number, number],
  previews: RgbImage[],
  size: number,
  flip: boolean,
  outputs: string[],
): Promise<{ rows: Float32Array[][]; msPerImg: number }> {
  const rows: Float32Array[][] = outputs.map(() => []);
  let infer = 0;
  for (let i = 0; i < previews.length; i += BATCH) {
    const inputs: ModelInputData[] = [];
    for (const p of previews.slice(i, i + BATCH)) {
      const data = bytesToRange(await resizeRgb(p, size, size), range);
      inputs.push(flip ? flipHorizontal({ data, width: size, height: size }) : { data, width: size, height: size });
    }
    const t = performance.now();
    const out = await runPooled(session, inputName, inputs, outputs);
    infer += performance.now() - t;
    out.forEach((o, k) => rows[k].push(...o));
  }
  return { rows, msPerImg: infer / previews.length };
}

/** The views the chosen recipe needs (the others are for bench/retrieval-explore.ts). The int8 MobileNetV2 is what
 *  the engine runs (issue #15); its float views stay for the comparison. */
export const RECIPE_VIEWS = ['mobilenet-int8-embed', 'mobilenet-int8-embed-flip', 'cn256-embed', 'cn256-embed-flip'];
/** The float MobileNetV2 views the int8 model is compared with. */
export const FLOAT_MOBILENET_VIEWS = ['mobilenet-embed', 'mobilenet-embed-flip'];

export async function extractAll(only?: readonly string[]): Promise<Record<string, Float32Array[]>> {
  const set = caltechDev();
  const n = set.files.length;
  let previews: RgbImage[] | null = null;
  let sessions: Awaited<ReturnType<typeof openEmbeddingSessions>> | null = null;
  let int8: Awaited<ReturnType<typeof openEmbeddingSessions>> | null = null;
  const result: Record<string, Float32Array[]> = {};
  const pending = new Map<string, Float32Array[]>();
  for (const v of VIEWS.filter((w) => !only || only.includes(w.name))) {
    result[v.name] = await cachedRows(v.name, n, v.dim, async () => {
      if (pending.has(v.name)) return pending.get(v.name)!;
      if (!previews) {
        const t = performance.now();
        previews = [];
        for (const f of set.files) previews.push(await decodePreview(f));
        console.log(`decode: ${((performance.now() - t) / n).toFixed(1)} ms/img`);
      }
      sessions ??= await openEmbeddingSessions(MODELS_DIR, 2, MOBILENET_FLOAT_MODEL_ID);
      const m = v.model === 'mobilenet-int8' ? (int8 ??= await openEmbeddingSessions(MODELS_DIR, 2)).mobilenet : sessions[v.model];
      // the mobilenet model yields embed and feature in one pass: compute both, cache the sibling later
      const outputs = v.model === 'mobilenet' ? ['embed', 'feature'] : [v.output];
      const r = await pass(m.session, m.entry.input.name, m.entry.input.range, previews, v.size, v.flip, outputs);
      console.log(`${v.model} ${v.size}px${v.flip ? ' flipped' : ''} [${outputs.join('+')}]: ${r.msPerImg.toFixed(1)} ms/img inference (batch ${BATCH})`);
      outputs.forEach((o, k) => {
        const sibling = VIEWS.find((w) => w.model === v.model && w.size === v.size && w.flip === v.flip && w.output === o);
        if (sibling) pending.set(sibling.name, r.rows[k]);
      });
      return pending.get(v.name)!;
    });
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await extractAll();
  console.log('cached');
}
