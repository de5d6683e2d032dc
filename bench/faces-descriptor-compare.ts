// Which face descriptor separates people better: faceres (what the face stage runs, int8, 224 px ArcFace-aligned,
// mirror-averaged) against dlib's ResNet (128-d, @vladmandic/face-api's weights written as ONNX by
// scripts/models/build-dlib-face.ts; `npm run models:build` writes resources/models/dlib-face.onnx) on the same detected
// faces, aligned at 150 px by four templates: ArcFace's scaled to 150 (s = 1) and shrunk about its centroid (s = 0.8,
// more of the head), and dlib's own chip (its eyes where get_face_chip_details puts them, padding 0.25; what the face
// stage now uses) at 1 and shrunk by 0.9. Each raw (L2-normalised) and centred on the set's mean descriptor.
// For each set: per person, the mean / min cosine to their own faces and the max to anyone else's; then the app's
// grouping rule (groupFaces, founding = joining = t) over a range of t, BCubed precision / recall scored as
// `loupe eval people` scores (labelFaces). Faces come from the face runner on the 1280 px preview (no person boxes:
// the second look only adds `small` faces, never grouped). CPU ms a face of each descriptor (1 thread, the face and
// its mirror in one batch of two).
// Usage: npx tsx bench/faces-descriptor-compare.ts resources/models/dlib-face.onnx [--set faces-dev|stranger=<photos dir>:<truth.json>]...
//   default sets: faces-dev (../shared/data) and, when given, --set stranger=/tmp/stranger10/Photos:/tmp/stranger10/faces-truth.json
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { analyzePhoto } from '../src/main/engine/media/index.js';
import { FaceRunner, FACE_THREADS } from '../src/main/worker/faces/face-runner.js';
import { faceQuality } from '../src/main/engine/faces/face-types.js';
import { fitSimilarity, warpSimilarity, type Point } from '../src/main/engine/faces/face-geometry.js';
import { withMirror } from '../src/main/worker/faces/face-crop.js';
import { DEFAULT_GROUPING, groupFaces, type GroupingParams } from '../src/main/engine/faces/face-grouping.js';
import { neighbourSearch } from '../src/main/engine/faces/face-neighbours.js';
import type { ClusterFace } from '../src/main/engine/faces/face-repository.js';
import { bcubed, labelFaces, loadPeopleTruth } from '../src/main/engine/faces/evaluate-people.js';
import { evaluationData } from './evaluation-data.js';

const args = process.argv.slice(2);
const dlibFile = args.find((a) => a.endsWith('.onnx'));
if (!dlibFile) {
  console.error('usage: npx tsx bench/faces-descriptor-compare.ts <dlib.onnx> [--set name=<photos>:<truth>]... (build it: npx tsx scripts/models/build-dlib-face.ts <face-api package> <dlib.onnx>)');
  process.exit(2);
}
const sets: { name: string; root: string; truth: string }[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] !== '--set') continue;
  const [name, spec] = args[i + 1].split('=');
  if (name === 'faces-dev' && !spec) {
    const root = evaluationData('faces-dev');
    sets.push({ name, root, truth: path.join(root, 'ground-truth.json') });
  } else {
    const [root, truth] = spec.split(':');
    sets.push({ name, root, truth });
  }
}
if (sets.length === 0) {
  const root = evaluationData('faces-dev');
  sets.push({ name: 'faces-dev', root, truth: path.join(root, 'ground-truth.json') });
}

const TEMPLATE_112: Point[] = [[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366], [56.1396, 92.2848]];
/** the ArcFace template at `size` px, shrunk by `s` about its centroid, the centroid kept where ArcFace has it */
function template(size: number, s: number): Point[] {
  const k = size / 112;
  const pts = TEMPLATE_112.map(([x, y]) => [x * k, y * k] as Point);
  const cx = pts.reduce((a, p) => a + p[0], 0) / 4;
  const cy = pts.reduce((a, p) => a + p[1], 0) / 4;
  return pts.map(([x, y]) => [cx + s * (x - cx), cy + s * (y - cy)] as Point);
}
/** dlib's own 150 px chip (get_face_chip_details, padding 0.25): its 5-point model's eye corners put the eye centres at
 *  (47.7, 47.1) and (100.3, 47.1); the ArcFace template moved so that its eyes land there (its nose and mouth follow) */
function dlibTemplate(): Point[] {
  const [le, re] = [[47.7, 47.1], [100.3, 47.1]];
  const [a, b] = [TEMPLATE_112[0], TEMPLATE_112[1]];
  const k = (re[0] - le[0]) / Math.hypot(b[0] - a[0], b[1] - a[1]);
  return TEMPLATE_112.map(([x, y]) => [le[0] + k * (x - a[0]), le[1] + k * (y - a[1])] as Point);
}
const TEMPLATES: [string, Point[]][] = [
  ['arcface', template(150, 1)],
  ['arcface s0.8', template(150, 0.8)],
  ['dlib chip', dlibTemplate()],
  ['dlib chip s0.9', dlibTemplate().map(([x, y]) => [75 + 0.9 * (x - 75), 75 + 0.9 * (y - 75)] as Point)],
];
const SHRINK = TEMPLATES.map(([n]) => n);
const DLIB = 150;

const modelsDir = path.resolve(import.meta.dirname, '..', 'resources', 'models');
const runner = await FaceRunner.create(modelsDir, ['cpu'], FACE_THREADS);
const dlib = await ort.InferenceSession.create(dlibFile, { intraOpNumThreads: 1, interOpNumThreads: 1, executionProviders: ['cpu'], graphOptimizationLevel: 'all' });

interface Face { image: number; box: [number, number, number, number]; ok: boolean; faceres: Float32Array | null; dlib: (Float32Array | null)[]; dlibSingle: (Float32Array | null)[] }
const cpu = { faceres: 0, dlib: 0, dlibFaces: 0 };

function unit(v: Float32Array): Float32Array {
  let n = 0;
  for (const a of v) n += a * a;
  n = Math.sqrt(n) || 1;
  return v.map((a) => a / n);
}

async function describeDlib(image: { data: Uint8Array; width: number; height: number }, landmarks: Point[], s: number /* index in TEMPLATES */): Promise<[Float32Array, Float32Array]> {
  const crop = warpSimilarity(image.data, image.width, image.height, fitSimilarity(landmarks.slice(0, 4), TEMPLATES[s][1]), DLIB);
  const input = withMirror(crop, DLIB);
  const c0 = process.cpuUsage();
  const out = (await dlib.run({ input: new ort.Tensor('float32', input, [2, DLIB, DLIB, 3]) })).descriptor.data as Float32Array;
  const c = process.cpuUsage(c0);
  cpu.dlib += (c.user + c.system) / 1000;
  cpu.dlibFaces++;
  const a = out.slice(0, 128);
  const b = out.slice(128);
  return [a.map((v, i) => (v + b[i]) / 2), a];
}

const dot = (a: Float32Array, b: Float32Array) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };

for (const set of sets) {
  const truth = loadPeopleTruth(set.truth);
  const faces: Face[] = [];
  const images: { people: string[]; width: number; height: number; faces: number[] }[] = [];
  let okFaces = 0;
  for (const [i, t] of truth.images.entries()) {
    const photo = await analyzePhoto(path.join(set.root, t.path), { mtimeMs: 0, previewEdge: 1280 });
    const image = { data: photo.preview.data, width: photo.preview.width, height: photo.preview.height, channels: 3 as const };
    const c0 = process.cpuUsage();
    const found = await runner.faces(image);
    const c = process.cpuUsage(c0);
    const ids: number[] = [];
    for (const f of found) {
      const ok = faceQuality(f) === 'ok';
      const face: Face = { image: i, box: f.box, ok, faceres: ok ? f.descriptor : null, dlib: [], dlibSingle: [] };
      if (ok) {
        okFaces++;
        for (let s = 0; s < TEMPLATES.length; s++) {
          const [m, single] = await describeDlib(image, f.landmarks, s);
          face.dlib.push(m);
          face.dlibSingle.push(single);
        }
      }
      ids.push(faces.length);
      faces.push(face);
    }
    cpu.faceres += (c.user + c.system) / 1000;
    images.push({ people: t.people, width: image.width, height: image.height, faces: ids });
  }

  type Pick = (f: Face) => Float32Array | null;
  // dlib's descriptors share a large common part (every cosine is 0.9 or more): compared raw (unit length) and centred
  // on the set's mean descriptor (what a library-level mean would do), then unit length
  const mean = (k: number, single: boolean): Float32Array => {
    const m = new Float32Array(128);
    let n = 0;
    for (const f of faces) { const d = (single ? f.dlibSingle : f.dlib)[k]; if (d) { n++; for (let i = 0; i < 128; i++) m[i] += d[i]; } }
    return m.map((v) => v / n);
  };
  const variants = (k: number, single: boolean): [string, Pick][] => {
    const m = mean(k, single);
    const get = (f: Face) => (single ? f.dlibSingle : f.dlib)[k] ?? null;
    const tag = `dlib ${SHRINK[k]} ${single ? 'single' : 'mirror'}`;
    return [
      [tag, (f) => { const d = get(f); return d && unit(d); }],
      [`${tag} centred`, (f) => { const d = get(f); return d && unit(d.map((v, i) => v - m[i])); }],
    ];
  };
  const descriptors: [string, Pick][] = [
    ['faceres int8 224 (now)', (f) => f.faceres],
    ...SHRINK.flatMap((_, k) => variants(k, false)),
    ...variants(2, true),
  ];
  // labels of the faces, as loupe eval people finds them (each face its own "person" so labelFaces keeps its id)
  const probe = labelFacesById(images, faces);
  console.log(`\n== ${set.name}: ${truth.images.length} photos, ${faces.length} faces (${okFaces} ok), labelled found ${probe.found}/${probe.total}; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const [name, pick] of descriptors) {
    // separation: per person, own-face cosines vs the closest other person's face
    const byLabel = new Map<string, Float32Array[]>();
    for (const [id, label] of probe.labels) {
      const d = pick(faces[id]);
      if (d) byLabel.set(label, [...(byLabel.get(label) ?? []), d]);
    }
    let within = 0; let minWithin = 1; let maxOther = -1; let people = 0; let overlapped = 0;
    const sameAll: number[] = [];
    const otherAll: number[] = [];
    for (const [label, ds] of byLabel) {
      if (ds.length < 2) continue;
      let sum = 0; let n = 0; let mn = 1; let mo = -1;
      for (let a = 0; a < ds.length; a++) for (let b = a + 1; b < ds.length; b++) { const c = dot(ds[a], ds[b]); sum += c; n++; mn = Math.min(mn, c); sameAll.push(c); }
      for (const [other, os2] of byLabel) if (other !== label) for (const a of ds) for (const b of os2) { const c = dot(a, b); mo = Math.max(mo, c); if (label < other) otherAll.push(c); }
      within += sum / n; minWithin = Math.min(minWithin, mn); maxOther = Math.max(maxOther, mo); people++;
      if (sum / n <= mo) overlapped++;
    }
    // one number for separation: the share of (same, other) pairs ordered right (AUC)
    otherAll.sort((a, b) => a - b);
    let auc = 0;
    for (const s of sameAll) auc += lowerCount(otherAll, s) / otherAll.length;
    auc /= sameAll.length;
    const line = [`${name.padEnd(32)} within mean ${(within / people).toFixed(3)} min ${minWithin.toFixed(3)}, closest other ${maxOther.toFixed(3)}, people whose mean <= closest other ${overlapped}/${people}, AUC ${auc.toFixed(4)}`];
    // grouping at a range of thresholds
    const sweep: string[] = [];
    for (const t of thresholdsFor(sameAll)) {
      const { precision, recall } = group(faces, images, pick, { ...DEFAULT_GROUPING, averageSimilarity: t, joinSimilarity: t });
      sweep.push(`${t.toFixed(2)}:${precision.toFixed(3)}/${recall.toFixed(3)}`);
    }
    console.log(line[0]);
    console.log(`   BCubed P/R by t  ${sweep.join('  ')}`);
  }
}
console.log(`\nCPU ms a face (1 thread, face + mirror in one run): dlib ${(cpu.dlib / cpu.dlibFaces).toFixed(1)}; the face runner's whole photo (detection + faceres for its ok faces) ${(cpu.faceres).toFixed(0)} ms in all; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

function lowerCount(sorted: number[], v: number): number {
  let lo = 0; let hi = sorted.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid] < v) lo = mid + 1; else hi = mid; }
  return lo;
}

function thresholdsFor(same: number[]): number[] {
  const s = [...same].sort((a, b) => a - b);
  const mid = s[Math.floor(s.length / 2)];
  const step = 1 - mid > 0.15 ? 0.05 : 0.01; // raw dlib cosines all lie near 1
  const out: number[] = [];
  for (let k = -7; k <= 2; k++) {
    const t = Math.round((Math.round(mid / step) + k) * step * 100) / 100;
    if (t > 0.1 && t < 1) out.push(t);
  }
  return out;
}

/** labelFaces on faces each their own person: which face carries which label */
function labelFacesById(images: { people: string[]; width: number; height: number; faces: number[] }[], faces: Face[]): { labels: Map<number, string>; found: number; total: number } {
  const r = labelFaces(images.map((img) => ({ people: img.people, width: img.width, height: img.height, faces: img.faces.map((id) => ({ box: faces[id].box, person: id })) })));
  return { labels: new Map(r.labelled.map((l) => [l.person!, l.label])), found: r.found, total: r.total };
}

function group(faces: Face[], images: { people: string[]; width: number; height: number; faces: number[] }[], pick: (f: Face) => Float32Array | null, params: GroupingParams): { precision: number; recall: number } {
  const cluster: ClusterFace[] = [];
  faces.forEach((f, id) => {
    const d = pick(f);
    // score 1: the descriptors are compared alone, every face may found a person
    if (d) cluster.push({ id, fileId: f.image, personId: null, assignedBy: null, score: 1, descriptor: d });
  });
  const result = groupFaces(cluster, new Map(), neighbourSearch(cluster), params);
  const person = new Map<number, number>();
  result.founded.forEach((members, p) => { for (const id of members) person.set(id, p); });
  for (const [id, p] of result.attached) person.set(id, p);
  const r = labelFaces(images.map((img) => ({ people: img.people, width: img.width, height: img.height, faces: img.faces.map((id) => ({ box: faces[id].box, person: person.get(id) ?? null })) })));
  return bcubed(r.labelled);
}
