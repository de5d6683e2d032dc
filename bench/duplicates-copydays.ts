// Copydays-style near-duplicate benchmark: 25 hires originals x 16 edits (9 moderate, 7 strong), the
// 1,200 caltech101-dev photos and the 80 faces-crop-pairs as distractors (every pair across groups is
// a negative). Prints the distribution of the pHash distance (min over the 8 symmetries) and of the
// embedding cosine for true pairs per edit and for all negative pairs, then precision / recall / F1 of
// matchPair (near-duplicate-rule.ts) per level and per edit, false merges among distractors, and the
// fraction of the faces tight-crop pairs found.
//
//   npx tsx bench/duplicates-copydays.ts [--no-embedding] [--flip=both]
//
// Signals are cached under os.tmpdir()/loupe-dup-bench, so reruns take seconds.
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { matchPair, THRESHOLDS, type DuplicateSignals } from '../src/main/engine/duplicates/near-duplicate-rule.js';
import { closeEmbeddingSessions, openEmbeddingSessions } from '../src/main/engine/embedding/sessions.js';
import { parseWhitening } from '../src/main/engine/embedding/whitening-file.js';
import { buildEditSet, EDITS, type BenchItem } from './duplicates-edits.js';
import { signalsFor, type BenchSignals } from './duplicates-signals.js';
import { evaluationData } from './evaluation-data.js';

const DATA = evaluationData();

/**
 * Caltech-101 itself holds copies of the same picture in one class; these pairs were checked by eye
 * (same image, other crop/scale/background) and are true duplicates, not false merges.
 */
const KNOWN_CALTECH_DUPLICATES = new Set([
  'caltech101-dev/anchor/image_0005.jpg ~ caltech101-dev/anchor/image_0016.jpg',
  'caltech101-dev/garfield/image_0027.jpg ~ caltech101-dev/garfield/image_0032.jpg',
  'caltech101-dev/bonsai/image_0016.jpg ~ caltech101-dev/bonsai/image_0115.jpg',
  'caltech101-dev/stop_sign/image_0005.jpg ~ caltech101-dev/stop_sign/image_0034.jpg',
  // the same STOP clip-art, two of them pasted on a grey background: counted as duplicates, but ambiguous
  ...[['0005', '0022'], ['0005', '0049'], ['0022', '0034'], ['0022', '0049'], ['0034', '0049']].map(
    ([a, b]) => `caltech101-dev/stop_sign/image_${a}.jpg ~ caltech101-dev/stop_sign/image_${b}.jpg`,
  ),
]);
const useEmbedding = !process.argv.includes('--no-embedding');
/** `--flip=both`: the embeddings flip-averaged on both branches (the recipe before issue #15), to compare */
const flip = process.argv.includes('--flip=both') ? true : undefined;

function listCaltech(): BenchItem[] {
  const root = path.join(DATA, 'caltech101-dev');
  return readdirSync(root).sort().flatMap((cls) =>
    readdirSync(path.join(root, cls)).sort().map((f) => ({ file: path.join(root, cls, f), group: null, kind: 'distractor' })),
  );
}

function listFaces(): BenchItem[] {
  const root = path.join(DATA, 'faces-crop-pairs');
  return readdirSync(path.join(root, 'Faces')).sort().flatMap((f) => [
    { file: path.join(root, 'Faces', f), group: `face:${f}`, kind: 'faces' },
    { file: path.join(root, 'Faces_easy', f), group: `face:${f}`, kind: 'faces' },
  ]);
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round((p / 100) * (s.length - 1))))];
};
const n0 = (xs: readonly unknown[]): number => xs.length;
const f3 = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '  -  ' : x.toFixed(3));

interface Pair {
  i: number;
  j: number;
  d: number;
  cos: number;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const edits = await buildEditSet(path.join(DATA, 'hires'), path.join(os.tmpdir(), 'loupe-dup-bench', 'edits'));
  const items: BenchItem[] = [...edits, ...listCaltech(), ...listFaces()];
  console.log(`items: ${edits.length} originals+edits, ${items.length - edits.length} distractors/faces (edit set ready in ${((Date.now() - t0) / 1000).toFixed(0)} s)`);

  const emb = useEmbedding
    ? { sessions: await openEmbeddingSessions('resources/models'), whitening: parseWhitening(readFileSync('resources/models/whitening-default.bin')), flip }
    : null;
  let last = 0;
  const sig: BenchSignals[] = await signalsFor(items.map((it) => it.file), emb, (m) => {
    if (Date.now() - last > 15000) {
      last = Date.now();
      console.log(m);
    }
  });
  if (emb) await closeEmbeddingSessions(emb.sessions);
  console.log(`signals ready in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  // flatness: how many real photos sit near the cut-off (all of them are real, non-flat pictures)
  const res = sig.map((s) => s.residualRms);
  console.log(`residual RMS over all ${n0(items)} photos: p1 ${pct(res, 1).toFixed(2)}, p5 ${pct(res, 5).toFixed(2)}, p50 ${pct(res, 50).toFixed(2)}; below 2/3/4/5: ${[2, 3, 4, 5].map((t) => res.filter((r) => r < t).length).join('/')}`);
  console.log(`flagged near-uniform: ${items.filter((_, i) => sig[i].nearUniform).map((it) => path.relative(DATA, it.file)).join(', ') || 'none'}`);
  console.log(`lowest residual: ${items.map((it, i) => ({ f: path.relative(DATA, it.file), r: res[i] })).sort((a, b) => a.r - b.r).slice(0, 6).map((x) => `${x.f} ${x.r.toFixed(2)}`).join(', ')}`);

  // pHash variants as 32-bit halves: the all-pairs loop would spend most of its time in BigInt ops
  const n = items.length;
  // per item 16 hashes: the 8 whole-picture variants, then the 8 of the centred window
  const lo = new Uint32Array(n * 16);
  const hi = new Uint32Array(n * 16);
  sig.forEach((s, i) => [...s.phash, ...s.phashCentre].forEach((h, k) => {
    lo[i * 16 + k] = Number(h & 0xffffffffn);
    hi[i * 16 + k] = Number(h >> 32n);
  }));
  const pop = (x: number): number => {
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
  };
  const useCentre = !process.argv.includes('--no-centre');
  /** the distance matchPair uses: a's hash vs b's variants, and each one's centred window vs the other */
  const minD = (i: number, j: number): number => {
    let best = 64;
    const a = i * 16;
    const b = j * 16;
    for (let k = 0; k < 8; k++) {
      best = Math.min(best, pop(lo[a] ^ lo[b + k]) + pop(hi[a] ^ hi[b + k]));
      if (useCentre) {
        best = Math.min(best, pop(lo[a + 8] ^ lo[b + k]) + pop(hi[a + 8] ^ hi[b + k]));
        best = Math.min(best, pop(lo[a] ^ lo[b + 8 + k]) + pop(hi[a] ^ hi[b + 8 + k]));
      }
    }
    return best;
  };
  const cosine = (i: number, j: number): number => {
    const a = sig[i].embedding;
    const b = sig[j].embedding;
    if (!a || !b) return NaN;
    let s = 0;
    for (let k = 0; k < a.length; k++) s += a[k] * b[k];
    return s;
  };

  // ---- distributions --------------------------------------------------------------------------
  const origIndex = new Map<string, number>();
  items.forEach((it, i) => it.kind === 'original' && it.group && origIndex.set(it.group, i));
  const truePairs = new Map<string, Pair[]>();
  items.forEach((it, j) => {
    if (!it.level || !it.group) return;
    const i = origIndex.get(it.group)!;
    const list = truePairs.get(it.kind) ?? [];
    list.push({ i, j, d: minD(i, j), cos: cosine(i, j) });
    truePairs.set(it.kind, list);
  });
  console.log('\nTrue pairs (original vs edit): pHash distance (min over 8 symmetries) and cosine');
  console.log('edit         level     d:min  p50  p90  max | cos:min   p10    p50');
  for (const e of EDITS) {
    const ps = truePairs.get(e.name)!;
    const ds = ps.map((p) => p.d);
    const cs = ps.map((p) => p.cos);
    console.log(`${e.name.padEnd(12)} ${e.level.padEnd(9)} ${String(Math.min(...ds)).padStart(5)} ${String(pct(ds, 50)).padStart(4)} ${String(pct(ds, 90)).padStart(4)} ${String(Math.max(...ds)).padStart(4)} | ${f3(Math.min(...cs))} ${f3(pct(cs, 10))} ${f3(pct(cs, 50))}`);
  }

  // negatives: every pair of items from different groups (distractors are each their own group)
  const groupOf = (i: number): string => items[i].group ?? `d:${i}`;
  const negD = new Array<number>(65).fill(0);
  const negCosHist = new Map<number, number>(); // cosine bucket (0.01) -> count, above 0.5
  const candidates: Pair[] = []; // negatives close on either signal, kept for the joint table
  let negCount = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (groupOf(i) === groupOf(j)) continue;
      negCount++;
      const d = minD(i, j);
      negD[d]++;
      const c = cosine(i, j);
      if (c >= 0.5) {
        const b = Math.floor(c * 100);
        negCosHist.set(b, (negCosHist.get(b) ?? 0) + 1);
      }
      if (d <= 24 || c >= 0.6) candidates.push({ i, j, d, cos: c });
    }
  }
  console.log(`\nNegative pairs: ${negCount}`);
  let cum = 0;
  const dLine: string[] = [];
  for (let d = 0; d <= 24; d++) {
    cum += negD[d];
    dLine.push(`<=${d}:${cum}`);
  }
  console.log('pHash distance, cumulative count of negatives: ' + dLine.join(' '));
  const cosLine: string[] = [];
  let cc = 0;
  for (let b = 100; b >= 50; b--) {
    cc += negCosHist.get(b) ?? 0;
    if (b % 5 === 0 || b >= 85) cosLine.push(`>=${(b / 100).toFixed(2)}:${cc}`);
  }
  console.log('cosine, cumulative count of negatives: ' + cosLine.join(' '));
  console.log('closest negatives (by cosine):');
  for (const p of [...candidates].sort((a, b) => b.cos - a.cos).slice(0, 8)) {
    console.log(`  cos ${f3(p.cos)} d ${p.d}  ${path.relative(DATA, items[p.i].file)} ~ ${path.relative(DATA, items[p.j].file)}`);
  }
  console.log('closest negatives (by pHash):');
  for (const p of [...candidates].sort((a, b) => a.d - b.d || b.cos - a.cos).slice(0, 8)) {
    console.log(`  d ${p.d} cos ${f3(p.cos)}  ${path.relative(DATA, items[p.i].file)} ~ ${path.relative(DATA, items[p.j].file)}`);
  }
  // joint table: negatives passing "d <= h AND cos >= c"
  console.log('negatives with d <= h AND cos >= c:');
  const cs = [0.6, 0.65, 0.7, 0.75, 0.8];
  console.log('   h ' + cs.map((c) => `c>=${c}`.padStart(8)).join(''));
  for (const h of [12, 14, 16, 18, 20, 22, 24]) {
    console.log(`  ${String(h).padStart(2)} ` + cs.map((c) => String(candidates.filter((p) => p.d <= h && p.cos >= c).length).padStart(8)).join(''));
  }

  // ---- threshold sweep: which (hashSure, hashLoose, cosineWithHash, cosineSure) keep every negative
  // out (bar the duplicates Caltech itself contains) with the best recall ---------------------------
  const isKnownDup = (i: number, j: number): boolean => {
    const key = [items[i].file, items[j].file].map((f) => path.relative(DATA, f)).sort().join(' ~ ');
    return KNOWN_CALTECH_DUPLICATES.has(key);
  };
  const negs = candidates.filter((p) => !isKnownDup(p.i, p.j) && !sig[p.i].nearUniform && !sig[p.j].nearUniform);
  const allTrue = EDITS.flatMap((e) => truePairs.get(e.name)!.map((p) => ({ ...p, level: e.level })));
  type Params = [number, number, number, number];
  const passes = (p: { d: number; cos: number }, [h1, h2, c2, c3]: Params): boolean => p.d <= h1 || (p.d <= h2 && p.cos >= c2) || p.cos >= c3;
  const rows: { params: Params; fp: number; mod: number; strong: number }[] = [];
  for (const h1 of [4, 6, 8, 10]) for (const h2 of [10, 12, 14, 16, 18, 20, 22]) for (const c2 of [0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85]) for (const c3 of [0.85, 0.9, 0.92, 0.95, 1.01]) {
    const params: Params = [h1, h2, c2, c3];
    const fp = negs.filter((p) => passes(p, params)).length;
    const mod = allTrue.filter((p) => p.level === 'moderate' && passes(p, params)).length / allTrue.filter((p) => p.level === 'moderate').length;
    const strong = allTrue.filter((p) => p.level === 'strong' && passes(p, params)).length / allTrue.filter((p) => p.level === 'strong').length;
    rows.push({ params, fp, mod, strong });
  }
  console.log(`\nsweep over ${rows.length} settings (hashSure, hashLoose, cosineWithHash, cosineSure); negatives exclude ${KNOWN_CALTECH_DUPLICATES.size} verified Caltech duplicates`);
  const minFp = Math.min(...rows.map((r) => r.fp));
  console.log(`  fewest negatives admitted by any setting: ${minFp}: ${negs.filter((p) => p.d <= 4).map((p) => `${path.relative(DATA, items[p.i].file)} ~ ${path.relative(DATA, items[p.j].file)} d ${p.d} cos ${f3(p.cos)}`).join('; ')}`);
  for (const maxFp of [minFp, minFp + 2, minFp + 5]) {
    const best = rows.filter((r) => r.fp <= maxFp).sort((a, b) => b.mod - a.mod || b.strong - a.strong || a.fp - b.fp).slice(0, 5);
    for (const r of best) console.log(`  fp<=${maxFp}: ${JSON.stringify(r.params)} fp ${r.fp} recall moderate ${r.mod.toFixed(3)} strong ${r.strong.toFixed(3)}`);
  }
  console.log('true pairs beyond pHash <= 6:');
  for (const e of EDITS) {
    const odd = truePairs.get(e.name)!.filter((p) => p.d > 6).map((p) => `${p.d}/${p.cos.toFixed(2)}`);
    if (odd.length) console.log(`  ${e.name.padEnd(11)} ${odd.join(' ')}`);
  }

  // ---- evaluation of matchPair ----------------------------------------------------------------
  const signals: DuplicateSignals[] = sig.map((s) => ({
    contentHash: s.contentHash,
    phash: s.phash,
    phashCentre: useCentre ? s.phashCentre : undefined,
    nearUniform: s.nearUniform,
    embedding: s.embedding,
    width: s.width,
    height: s.height,
  }));
  console.log(`\nThresholds: ${JSON.stringify(THRESHOLDS)}`);
  // every negative not among `candidates` is far on both signals and cannot pass any rule below
  // hashLoose / cosineWithHash / cosineSure (all looser than the candidate cut), except an exact match
  const fpByItem = new Map<number, number>();
  const falseMerges: string[] = [];
  let distractorMerges = 0;
  let knownDupFound = 0;
  for (const p of candidates) {
    const m = matchPair(signals[p.i], signals[p.j]);
    if (m.level === 'none') continue;
    if (isKnownDup(p.i, p.j)) {
      knownDupFound++;
      continue;
    }
    fpByItem.set(p.i, (fpByItem.get(p.i) ?? 0) + 1);
    fpByItem.set(p.j, (fpByItem.get(p.j) ?? 0) + 1);
    const bothDistractors = !items[p.i].level && items[p.i].kind !== 'original' && !items[p.j].level && items[p.j].kind !== 'original';
    if (bothDistractors) distractorMerges++;
    falseMerges.push(`  ${m.level} ${m.signals.rule} d=${p.d} cos=${f3(p.cos)}  ${path.relative(DATA, items[p.i].file)} ~ ${path.relative(DATA, items[p.j].file)}`);
  }
  // exact matches across groups outside the candidate list (byte-identical but far? impossible: same bytes, same signals)

  console.log('\nedit         level     recall  (misses: d / cos)            FP pairs involving the edit');
  const perLevel = { moderate: { tp: 0, fn: 0, fp: 0 }, strong: { tp: 0, fn: 0, fp: 0 } };
  for (const e of EDITS) {
    const ps = truePairs.get(e.name)!;
    let tp = 0;
    const misses: string[] = [];
    let fp = 0;
    for (const p of ps) {
      const m = matchPair(signals[p.i], signals[p.j]);
      if (m.level !== 'none') tp++;
      else misses.push(`${p.d}/${f3(p.cos)}`);
      fp += fpByItem.get(p.j) ?? 0;
    }
    perLevel[e.level].tp += tp;
    perLevel[e.level].fn += ps.length - tp;
    perLevel[e.level].fp += fp;
    console.log(`${e.name.padEnd(12)} ${e.level.padEnd(9)} ${(tp / ps.length).toFixed(3)}   ${misses.slice(0, 4).join(' ').padEnd(30)} ${fp}`);
  }
  console.log('\nlevel      precision  recall   F1     (TP / FN / FP)');
  for (const [lvl, s] of Object.entries(perLevel)) {
    const prec = s.tp / Math.max(1, s.tp + s.fp);
    const rec = s.tp / Math.max(1, s.tp + s.fn);
    console.log(`${lvl.padEnd(10)} ${prec.toFixed(3)}      ${rec.toFixed(3)}    ${((2 * prec * rec) / Math.max(1e-9, prec + rec)).toFixed(3)}  (${s.tp} / ${s.fn} / ${s.fp})`);
  }
  console.log(`\nfalse merges (any cross-group pair matched): ${falseMerges.length}; among distractors only (caltech/faces, cross-group): ${distractorMerges}; verified Caltech duplicates found: ${knownDupFound}/${KNOWN_CALTECH_DUPLICATES.size}`);
  for (const l of falseMerges.slice(0, 20)) console.log(l);

  // faces tight-crop pairs
  const faces = items.map((it, i) => ({ it, i })).filter((x) => x.it.kind === 'faces');
  let found = 0;
  const fd: number[] = [];
  const fc: number[] = [];
  for (let k = 0; k < faces.length; k += 2) {
    const a = faces[k].i;
    const b = faces[k + 1].i;
    fd.push(minD(a, b));
    fc.push(cosine(a, b));
    if (matchPair(signals[a], signals[b]).level !== 'none') found++;
  }
  console.log(`\nfaces-crop-pairs: found ${found}/${faces.length / 2} (${(found / (faces.length / 2)).toFixed(3)}); d p10/p50/p90 ${pct(fd, 10)}/${pct(fd, 50)}/${pct(fd, 90)}; cos p10/p50/p90 ${f3(pct(fc, 10))}/${f3(pct(fc, 50))}/${f3(pct(fc, 90))}`);
  console.log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

await main();
