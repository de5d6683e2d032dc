// Parameter sweeps behind the chosen recipe (caltech101-dev only). Needs the cache that
// bench/retrieval-extract.ts fills. Run: npx tsx bench/retrieval-explore.ts [stage...]
import { fitBranch, applyBranchBatch, prenormalise, type BranchWhitening, type WhiteningParams } from '../src/main/engine/embedding/whitening.js';
import { extractAll, VIEWS } from './retrieval-extract.js';
import { derive } from './retrieval-explore-derive.js';
import { cachedRows, caltechDev } from './retrieval-data.js';
import { evaluate, fmt, type PostParams } from './retrieval-metrics.js';

const set = caltechDev();
const labels = set.labels;
// all views when any stage needs cn320 (computing missing ones), otherwise just the cached ones
const needAll = process.argv.includes('all');
const views: Record<string, Float32Array[]> = needAll ? await extractAll() : {};
if (!needAll) {
  for (const v of VIEWS) {
    try {
      views[v.name] = await cachedRows(v.name, set.files.length, v.dim, () => Promise.reject(new Error('not cached')));
    } catch {
      views[v.name] = [];
    }
  }
}

function avg(a: Float32Array[], b: Float32Array[]): Float32Array[] {
  return a.map((x, i) => x.map((v, j) => (v + b[i][j]) / 2));
}

const fits = new Map<Float32Array[], BranchWhitening>();
async function pw(rows: Float32Array[], p: WhiteningParams): Promise<Float32Array[]> {
  let w = fits.get(rows);
  if (!w) {
    w = await fitBranch(rows, { dims: 512, shrink: 1 });
    fits.set(rows, w);
  }
  return applyBranchBatch(derive(w, p.dims, p.shrink), rows);
}

function concat(parts: Float32Array[][], weights: number[]): Float32Array[] {
  return parts[0].map((_, i) => {
    const d = parts.reduce((s, p) => s + p[i].length, 0);
    const out = new Float32Array(d);
    let off = 0;
    parts.forEach((p, k) => {
      const w = Math.sqrt(weights[k]);
      p[i].forEach((v, j) => (out[off + j] = v * w));
      off += p[i].length;
    });
    return out;
  });
}

const stages = process.argv.slice(2);
const run = (s: string): boolean => stages.length === 0 || stages.includes(s);
const line = async (name: string, vecs: Float32Array[], post: PostParams = {}): Promise<void> => {
  console.log(`${name.padEnd(60)} ${fmt(await evaluate(vecs, labels, post))}`);
};

const mobilenet = { o: views['mobilenet-embed'], f: avg(views['mobilenet-embed'], views['mobilenet-embed-flip']) };
const feat = { o: views['mobilenet-feature'], f: avg(views['mobilenet-feature'], views['mobilenet-feature-flip']) };
const cn = { o: views['cn256-embed'], f: avg(views['cn256-embed'], views['cn256-embed-flip']) };
const cn320 = { o: views['cn320-embed'], f: views['cn320-embed-flip'].length ? avg(views['cn320-embed'], views['cn320-embed-flip']) : [] };
const cnMs = { o: avg(cn.o, cn320.o), f: cn320.f.length ? avg(cn.f, cn320.f) : [] };

if (run('raw')) {
  console.log('--- raw / ssqrt (mAP / P@1 / P@10)');
  for (const [name, rows] of [['mobilenet embed', mobilenet.o], ['mobilenet feature', feat.o], ['cn256', cn.o], ['cn320', cn320.o]] as const) {
    await line(`${name} raw`, rows);
    await line(`${name} ssqrt`, rows.map(prenormalise));
  }
}

if (run('pw')) {
  console.log('--- PW own-fit, D x s');
  for (const [name, rows] of [['mobilenet', mobilenet.o], ['cn256', cn.o], ['feature', feat.o]] as const) {
    for (const dims of [128, 256, 384, 512]) {
      for (const shrink of [0.3, 1, 3, 10, 30]) await line(`${name} PW D=${dims} s=${shrink}`, await pw(rows, { dims, shrink }));
    }
  }
}

if (run('flip')) {
  console.log('--- flip / multi-scale (PW D=256, s mobilenet 1, cn 3)');
  await line('mobilenet flip-avg PW', await pw(mobilenet.f, { dims: 256, shrink: 1 }));
  await line('cn256 flip-avg PW', await pw(cn.f, { dims: 256, shrink: 3 }));
  await line('cn320 PW', await pw(cn320.o, { dims: 256, shrink: 3 }));
  await line('cn 256+320 avg PW', await pw(cnMs.o, { dims: 256, shrink: 3 }));
  await line('feature flip-avg PW', await pw(feat.f, { dims: 256, shrink: 1 }));
}

if (run('fusion')) {
  console.log('--- fusion (weights mobilenet:cn), no post');
  for (const flip of [false, true]) {
    for (const sN of [1, 3]) {
      const a = await pw(flip ? mobilenet.f : mobilenet.o, { dims: 256, shrink: sN });
      const b = await pw(flip ? cn.f : cn.o, { dims: 256, shrink: 3 });
      for (const w of [0.4, 0.5, 0.6]) await line(`fusion flip=${flip} mobilenet s=${sN} w=${w}`, concat([a, b], [w, 1 - w]));
      await line(`fusion flip=${flip} mobilenet s=${sN} w=0.5 + DBA3 + QE5`, concat([a, b], [0.5, 0.5]), { dba: { k: 3, alpha: 1 }, qe: { k: 5, alpha: 1 } });
      if (flip && sN === 3) {
        const c = await pw(feat.f, { dims: 256, shrink: 3 });
        for (const wc of [0.15, 0.25, 0.33]) {
          const f3 = concat([a, b, c], [(1 - wc) / 2, (1 - wc) / 2, wc]);
          await line(`fusion3 +feature w=${wc}`, f3);
          await line(`fusion3 +feature w=${wc} + DBA3 + QE5`, f3, { dba: { k: 3, alpha: 1 }, qe: { k: 5, alpha: 1 } });
        }
      }
      if (!flip && sN === 3) {
        const d = await pw(cnMs.o, { dims: 256, shrink: 3 });
        await line('fusion no-flip, cn 256+320 averaged', concat([a, d], [0.5, 0.5]));
        await line('fusion no-flip, cn 256+320 averaged + DBA3 + QE5', concat([a, d], [0.5, 0.5]), { dba: { k: 3, alpha: 1 }, qe: { k: 5, alpha: 1 } });
      }
    }
  }
}

if (run('post2')) {
  console.log('--- post-processing: alpha 0 / 0.5 / 1 (fusion flip, mobilenet s=3, w=0.5)');
  const a = await pw(mobilenet.f, { dims: 256, shrink: 3 });
  const b = await pw(cn.f, { dims: 256, shrink: 3 });
  const f = concat([a, b], [0.5, 0.5]);
  for (const alpha of [0, 0.5, 1]) {
    for (const [dk, qk] of [[0, 5], [3, 5], [5, 5], [3, 8], [5, 3], [8, 5]]) await line(`DBA k=${dk} + QE k=${qk} a=${alpha}`, f, { dba: { k: dk, alpha }, qe: { k: qk, alpha } });
  }
}

if (run('post')) {
  console.log('--- post-processing on fusion (flip, w=0.5)');
  const a = await pw(mobilenet.f, { dims: 256, shrink: 1 });
  const b = await pw(cn.f, { dims: 256, shrink: 3 });
  const f = concat([a, b], [0.5, 0.5]);
  for (const k of [1, 2, 3, 5, 8]) for (const alpha of [1, 3]) await line(`QE k=${k} a=${alpha}`, f, { qe: { k, alpha } });
  for (const dk of [1, 2, 3, 5, 8]) {
    for (const qk of [0, 2, 3, 5]) for (const alpha of [1, 3]) await line(`DBA k=${dk} + QE k=${qk} a=${alpha}`, f, { dba: { k: dk, alpha }, qe: { k: qk, alpha } });
  }
}
