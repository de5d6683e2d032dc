// The confidence shown for a face's person (face-confidence.ts): is "87 %" right 87 % of the time?
// Each set is indexed once by the real engine under neutral names (cached under os.tmpdir()/loupe-faces-confidence;
// delete it to index again). Each labelled face (labelled as `loupe eval people` labels them) is matched, as a
// suggestion is, against every labelled person of its set but itself (the mean of its 3 closest cosines to that
// person's other faces); the best person is right or wrong. One-photo people have no other face: their best match is
// always a stranger, as an unknown face's is in a user's library.
//  - faces-dev (LFW people and everyday photos): the logistic is fitted here (Platt scaling) and printed;
//  - Caltech faces (../shared/data/faces-crop-pairs/Faces): ~20 people, image numbers run by person; the runs below
//    were read off a contact sheet, the 6 photos whose person was not clear are left out;
//  - any further set given as PHOTOS:TRUTH (a folder and a ground-truth file like faces-dev's).
// For each set: the reliability of the shipped function (shown confidence bins vs share right), all best matches and
// those offered as suggestions (similarity >= SUGGEST_MIN).
// Usage: npx tsx bench/faces-confidence.ts [PHOTOS:TRUTH ...]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { labelFaces, loadPeopleTruth, type PeopleTruth } from '../src/main/engine/faces/evaluate-people.js';
import { FACE_CONFIDENCE, faceConfidence, fitConfidence } from '../src/main/engine/faces/face-confidence.js';
import { SUGGEST_MIN } from '../src/main/engine/faces/people-service.js';
import { evaluationData } from './evaluation-data.js';
import { facesOfLibrary } from './faces-library.js';

const CACHE = path.join(os.tmpdir(), 'loupe-faces-confidence');

/** Caltech faces: the first image number of each person's run (read off a contact sheet of the 80 photos). */
const CALTECH_RUNS = [3, 32, 42, 53, 75, 94, 126, 140, 177, 194, 216, 244, 274, 288, 308, 326, 346, 366, 404, 420];
/** photos whose person could not be told from their neighbours' (or a drawing): left out */
const CALTECH_UNSURE = new Set([46, 65, 137, 188, 263, 264, 389]);

interface Pair { similarity: number; right: boolean; who?: string }

/** Copies `truth`'s photos under neutral names (a hashed order), indexes them once, returns the best-match pairs. */
async function pairsOf(name: string, source: string, truth: PeopleTruth): Promise<{ known: Pair[]; strangers: Pair[] }> {
  const order = [...truth.images].sort((a, b) => (hash(a.path) < hash(b.path) ? -1 : 1));
  const neutral = {
    images: order.map((img, i) => ({ path: `img-${String(i + 1).padStart(4, '0')}${path.extname(img.path).toLowerCase()}`, people: img.people, from: img.path })),
  };
  const rows = await facesOfLibrary(path.join(CACHE, name), neutral.images.map((img) => [path.join(source, img.from), img.path]));
  const byFile = new Map<string, typeof rows>();
  for (const r of rows) byFile.set(path.basename(r.path), [...(byFile.get(path.basename(r.path)) ?? []), r]);
  // each face its own "person" (its id), so labelFaces says which face carries which label
  const images = neutral.images.map((img) => {
    const faces = byFile.get(img.path) ?? [];
    return { people: img.people, width: faces[0]?.width ?? 0, height: faces[0]?.height ?? 0, faces: faces.map((f) => ({ box: f.box, person: f.id })) };
  });
  const label = new Map(labelFaces(images).labelled.map((l) => [l.person!, l.label]));
  const usable = rows.filter((r) => label.has(r.id) && r.quality === 'ok' && r.descriptor);
  const descriptor = new Map(usable.map((r) => [r.id, r.descriptor!]));
  const people = new Map<string, number[]>();
  for (const r of usable) people.set(label.get(r.id)!, [...(people.get(label.get(r.id)!) ?? []), r.id]);
  const known: Pair[] = [];
  const strangers: Pair[] = [];
  for (const r of usable) {
    let best = { label: '', similarity: -Infinity };
    let bestOther = -Infinity;
    let otherLabel = '';
    for (const [person, ids] of people) {
      const others = ids.filter((id) => id !== r.id).map((id) => dot(descriptor.get(r.id)!, descriptor.get(id)!));
      if (others.length === 0) continue;
      const top = others.sort((a, b) => b - a).slice(0, 3);
      const similarity = top.reduce((a, b) => a + b, 0) / top.length;
      if (similarity > best.similarity) best = { label: person, similarity };
      if (person !== label.get(r.id) && similarity > bestOther) { bestOther = similarity; otherLabel = person; }
    }
    if (best.label) known.push({ similarity: best.similarity, right: best.label === label.get(r.id) });
    // the same face as a stranger: its own person left out, its best match is always wrong
    if (bestOther > -Infinity) strangers.push({ similarity: bestOther, right: false, who: `${label.get(r.id)} taken for ${otherLabel}` });
  }
  return { known, strangers };
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

const BINS = [0, 0.05, 0.2, 0.4, 0.6, 0.8, 0.95, 1.0001];

function reliability(name: string, pairs: Pair[], params = FACE_CONFIDENCE): void {
  const rightAll = pairs.filter((p) => p.right).length;
  console.log(`\n${name}: ${pairs.length} best matches, ${rightAll} right`);
  for (const [title, set] of [['all best matches', pairs], [`offered (similarity >= ${SUGGEST_MIN})`, pairs.filter((p) => p.similarity >= SUGGEST_MIN)]] as const) {
    let brier = 0;
    for (const p of set) brier += (faceConfidence(p.similarity, params) - Number(p.right)) ** 2;
    console.log(`  ${title}: ${set.length}, Brier ${(brier / Math.max(1, set.length)).toFixed(4)}`);
    console.log('    shown        n   mean shown  share right   similarity');
    for (let i = 0; i + 1 < BINS.length; i++) {
      const inBin = set.filter((p) => { const c = faceConfidence(p.similarity, params); return c >= BINS[i] && c < BINS[i + 1]; });
      if (inBin.length === 0) continue;
      const shown = inBin.reduce((s, p) => s + faceConfidence(p.similarity, params), 0) / inBin.length;
      const right = inBin.filter((p) => p.right).length;
      const sims = inBin.map((p) => p.similarity);
      const hiEdge = Math.min(100, Math.round(BINS[i + 1] * 100));
      console.log(`    ${String(Math.round(BINS[i] * 100)).padStart(3)}-${String(hiEdge).padEnd(3)} % ${String(inBin.length).padStart(5)}   ${(shown * 100).toFixed(1).padStart(6)} %   ${right}/${inBin.length} = ${((right / inBin.length) * 100).toFixed(1).padStart(5)} %   ${Math.min(...sims).toFixed(3)}-${Math.max(...sims).toFixed(3)}`);
    }
  }
}

const sets: { name: string; source: string; truth: PeopleTruth }[] = [];
const facesDev = evaluationData('faces-dev');
sets.push({ name: 'faces-dev', source: facesDev, truth: loadPeopleTruth(path.join(facesDev, 'ground-truth.json')) });
const caltech = evaluationData('faces-crop-pairs', 'Faces');
sets.push({
  name: 'caltech-faces',
  source: caltech,
  truth: {
    images: fs.readdirSync(caltech).filter((f) => f.endsWith('.jpg')).flatMap((f) => {
      const n = Number(/(\d+)/.exec(f)![1]);
      if (CALTECH_UNSURE.has(n)) return [];
      const run = CALTECH_RUNS.filter((start) => start <= n).length;
      return [{ path: f, people: [`person-${run}`] }];
    }),
  },
});
for (const arg of process.argv.slice(2)) {
  const [photos, truthFile] = arg.split(':');
  sets.push({ name: path.basename(path.dirname(truthFile)) || 'extra', source: photos, truth: loadPeopleTruth(truthFile) });
}

const all = new Map<string, Pair[]>();
const strangers = new Map<string, Pair[]>();
for (const s of sets) {
  const { known, strangers: alone } = await pairsOf(s.name, s.source, s.truth);
  all.set(s.name, known);
  strangers.set(s.name, alone);
}

const fitted = fitConfidence(all.get('faces-dev')!);
const middle = (p: { intercept: number; slope: number }) => -p.intercept / p.slope;
console.log(`\nPlatt fit on faces-dev: intercept ${fitted.intercept.toFixed(2)}, slope ${fitted.slope.toFixed(2)} ` +
  `(50 % at similarity ${middle(fitted).toFixed(4)}); shipped: intercept ${FACE_CONFIDENCE.intercept}, slope ${FACE_CONFIDENCE.slope} ` +
  `(50 % at ${middle(FACE_CONFIDENCE).toFixed(4)})`);
// how firmly faces-dev decides it: the fit on 200 resamples of its faces (a fixed seed)
let seed = 12345;
const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const dev = all.get('faces-dev')!;
const boot = Array.from({ length: 200 }, () => fitConfidence(Array.from({ length: dev.length }, () => dev[Math.floor(random() * dev.length)])));
const range = (values: number[]) => { const v = values.sort((a, b) => a - b); return `${v[10].toFixed(3)}-${v[189].toFixed(3)}`; };
console.log(`  resampled faces-dev (200 times, 5-95 %): 50 % at ${range(boot.map(middle))}, slope ${range(boot.map((b) => b.slope))}; ` +
  [0.92, 0.93, 0.94, 0.95].map((x) => `shown at ${x}: ${range(boot.map((b) => faceConfidence(x, b)))}`).join(', '));
for (const [name, pairs] of all) {
  if (name === 'faces-dev') continue;
  const withStrangers = [...pairs, ...strangers.get(name)!];
  const own = fitConfidence(withStrangers);
  console.log(`  for comparison, fitted on ${name} (its faces as known people and as strangers): intercept ${own.intercept.toFixed(2)}, slope ${own.slope.toFixed(2)} (50 % at ${middle(own).toFixed(4)})`);
}
for (const [name, pairs] of all) reliability(name, pairs);
// the second sets hold no stranger of their own (everyone labelled has another photo): each face also as a stranger
for (const [name, pairs] of all) if (name !== 'faces-dev') reliability(`${name}, each face as a known person and as a stranger`, [...pairs, ...strangers.get(name)!]);
console.log('\nstrangers (each face with its own person left out: every best match wrong): what they would be shown');
for (const [name, pairs] of strangers) {
  const offered = pairs.filter((p) => p.similarity >= SUGGEST_MIN);
  const shown = (min: number) => offered.filter((p) => faceConfidence(p.similarity) >= min).length;
  console.log(`  ${name}: ${pairs.length} faces, ${offered.length} offered (similarity >= ${SUGGEST_MIN}); shown >= 20 %: ${shown(0.2)}, >= 50 %: ${shown(0.5)}, >= 80 %: ${shown(0.8)}, >= 95 %: ${shown(0.95)}` +
    (offered.length ? `; mean shown ${((offered.reduce((s, p) => s + faceConfidence(p.similarity), 0) / offered.length) * 100).toFixed(1)} %` : ''));
  for (const p of offered.filter((x) => faceConfidence(x.similarity) >= 0.2)) console.log(`    shown ${(faceConfidence(p.similarity) * 100).toFixed(0)} % (${p.similarity.toFixed(3)}): ${p.who}`);
}
console.log('\nBrier score on the offered matches (lower is better): raw similarity shown as a percentage (before) -> this confidence');
const brier = (set: Pair[], shown: (s: number) => number) => set.reduce((sum, p) => sum + (shown(p.similarity) - Number(p.right)) ** 2, 0) / Math.max(1, set.length);
for (const [name, pairs] of all) {
  const offered = pairs.filter((p) => p.similarity >= SUGGEST_MIN);
  const mixed = [...pairs, ...strangers.get(name)!].filter((p) => p.similarity >= SUGGEST_MIN);
  console.log(`  ${name}: its faces ${brier(offered, (x) => x).toFixed(4)} -> ${brier(offered, (x) => faceConfidence(x)).toFixed(4)}; ` +
    `with each face also as a stranger ${brier(mixed, (x) => x).toFixed(4)} -> ${brier(mixed, (x) => faceConfidence(x)).toFixed(4)}`);
}
console.log(`\nload average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);
