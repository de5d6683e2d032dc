// Grouping at scale, on SYNTHETIC descriptors (no library of 100,000 real faces is at hand): 20,000 people x 5 faces,
// 128-d like dlib's descriptor (round eight; 1024-d faceres-like before): a direction every face shares, its person's
// random direction and noise (same-person cosine ~0.96, others ~0.85, as dlib's lie near 1).
// As the app does it: faces go into the face graph (on disk) as the face stage stores them, spread over indexing
// (reported per face); then the first grouping of all 100,000 faces in a fresh FaceGraph that loads the saved graph
// (as a later `loupe index` or the app after a restart would); then an incremental update: 100 new photos (150 faces
// of known people) stored and grouped.
// Times are CPU seconds of this process (user + system; the neighbour graph's native code included), with the load
// average beside them: on a shared machine wall time says more about the neighbours than about the code.
// Usage: npx tsx bench/faces-grouping-scale.ts [people=20000] [facesPerPerson=5] [noise=0.2]
// (the noise sets how many faces stay unassigned; an update searches only the new faces and the unassigned faces
// linked to them, a full regroup every unassigned face: both are printed)
import os from 'node:os';
import { DEFAULT_GROUPING, groupFaces } from '../src/main/engine/faces/face-grouping.js';
import fs from 'node:fs';
import path from 'node:path';
import { FaceGraph } from '../src/main/engine/faces/face-neighbours.js';
import type { ClusterFace } from '../src/main/engine/faces/face-repository.js';

const PEOPLE = Number(process.argv[2] ?? 20000);
const PER = Number(process.argv[3] ?? 5);
const DIMS = 128;
const NOISE = Number(process.argv[4] ?? 0.2);
// mulberry32: a 32-bit generator that stays exact in JS numbers (a naive LCG loses precision and repeats)
let seed = 12345;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const gauss = () => Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
const centres: Float32Array[] = [];
for (let p = 0; p < PEOPLE; p++) centres.push(unit(Float32Array.from({ length: DIMS }, gauss)));
const common = unit(Float32Array.from({ length: DIMS }, gauss));
const truth = new Map<number, number>();
let nextId = 1;
const makeFace = (p: number, fileId: number): ClusterFace => {
  const noise = NOISE / Math.sqrt(DIMS);
  const v = unit(centres[p].map((c, i) => Math.sqrt(0.85) * common[i] + Math.sqrt(0.11) * c + noise * gauss()));
  const f = { id: nextId++, fileId, personId: null, assignedBy: null, score: 1, descriptor: v };
  truth.set(f.id, p);
  return f;
};
const faces: ClusterFace[] = [];
let file = 1;
for (let p = 0; p < PEOPLE; p++) for (let k = 0; k < PER; k++) faces.push(makeFace(p, file++));
console.log(`synthetic: ${faces.length} faces of ${PEOPLE} people, ${DIMS}-d`);

const rss0 = process.memoryUsage().rss;
const cpu = (since: NodeJS.CpuUsage) => { const u = process.cpuUsage(since); return (u.user + u.system) / 1000; };
const load = () => `load average ${os.loadavg()[0].toFixed(1)}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-face-graph-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
const MODEL = 'synthetic';
let t0 = process.cpuUsage();
const indexing = new FaceGraph({ dir, model: MODEL });
for (let i = 0; i < faces.length; i += PER) indexing.add(faces.slice(i, i + PER), () => faces.slice(0, i));
indexing.save({ force: true });
indexing.close();
const tStage = cpu(t0);
console.log(`face graph kept as faces arrive: ${(tStage / faces.length).toFixed(2)} CPU ms per face during indexing (${(tStage / 1000).toFixed(1)} s in all); ${load()}`);

t0 = process.cpuUsage();
const graph = new FaceGraph({ dir, model: MODEL });
const search = graph.searchFor(faces);
const tOpen = cpu(t0);
const first = groupFaces(faces, new Map(), search, DEFAULT_GROUPING);
graph.save();
const tAll = cpu(t0);
let pure = 0;
for (const members of first.founded) if (new Set(members.map((id) => truth.get(id))).size === 1) pure++;
const grouped = first.founded.reduce((n, m) => n + m.length, 0);
console.log(`first grouping: ${(tAll / 1000).toFixed(1)} CPU s (loading the graph ${(tOpen / 1000).toFixed(1)} s), ${first.founded.length} people, ${pure} pure, ${grouped} faces grouped; peak RSS +${((process.memoryUsage().rss - rss0) / 1e6).toFixed(0)} MB; ${load()}   (goal <= 30 s)`);

// incremental: store the result, add 100 photos with 150 faces of known people
first.founded.forEach((members, i) => {
  for (const id of members) faces[id - 1].personId = -(i + 1);
});
const fresh: ClusterFace[] = [];
for (let i = 0; i < 100; i++) {
  const photo = file++;
  fresh.push(makeFace(Math.floor(rand() * PEOPLE), photo));
  if (i % 2 === 0) fresh.push(makeFace(Math.floor(rand() * PEOPLE), photo));
}
const all = [...faces, ...fresh];
// a full regroup with no new face at all: what it finds, the first grouping left (the searches are approximate)
const idle = groupFaces(faces, new Map(), graph.searchFor(faces), DEFAULT_GROUPING);
console.log(`full regroup with no new face: ${idle.attached.length} joins, ${idle.founded.length} new people`);
t0 = process.cpuUsage();
for (let i = 0; i < fresh.length;) {
  const photo = fresh.filter((f) => f.fileId === fresh[i].fileId);
  graph.add(photo, () => all);
  i += photo.length;
}
const tAdd = cpu(t0);
const incSearch = graph.searchFor(all);
// as PeopleService.update does since issue #12: only the new faces and the unassigned faces linked to them
const again = groupFaces(all, new Map(), incSearch, DEFAULT_GROUPING, new Set(fresh.map((f) => f.id)));
graph.save();
const tInc = cpu(t0);
// before: every unassigned face searched again (still what a user decision leads to)
t0 = process.cpuUsage();
const full = groupFaces(all, new Map(), graph.searchFor(all), DEFAULT_GROUPING);
const tFull = cpu(t0) + tAdd;
const same = JSON.stringify(full) === JSON.stringify(again);
const unassigned = all.filter((f) => f.personId === null).length;
const right = again.attached.filter(([faceId, person]) => {
  const member = first.founded[-person - 1][0];
  return truth.get(member) === truth.get(faceId);
}).length;
console.log(`incremental: 100 photos, ${fresh.length} faces in ${tInc.toFixed(0)} CPU ms, ${again.attached.length} joined their person (${right} right); ${load()}   (goal < 1 s)`);
console.log(`  full regroup of the same (before #12): ${tFull.toFixed(0)} CPU ms, ${unassigned} faces unassigned (${(100 * unassigned / all.length).toFixed(1)}%); same result as incremental: ${same}`);
if (!same) {
  const key = (r: typeof full) => new Set([...r.attached.map(([f, p]) => `${f}>${p}`), ...r.founded.map((m) => m.join(','))]);
  const [kf, ki] = [key(full), key(again)];
  const onlyFull = [...kf].filter((k) => !ki.has(k));
  const onlyInc = [...ki].filter((k) => !kf.has(k));
  console.log(`  differences: only in the full regroup ${onlyFull.length} (${onlyFull.slice(0, 5).join(' ')}), only in the incremental ${onlyInc.length} (${onlyInc.slice(0, 5).join(' ')})`);
  const fresh1 = new Set(fresh.map((f) => f.id));
  for (const k of onlyFull.slice(0, 3)) {
    const ids = k.includes('>') ? [Number(k.split('>')[0])] : k.split(',').map(Number);
    for (const id of ids) {
      const own = incSearch.linksOf([id], DEFAULT_GROUPING.joinSimilarity)[0];
      const back = own.filter((n) => incSearch.linksOf([n], DEFAULT_GROUPING.joinSimilarity)[0].includes(id));
      console.log(`    face ${id}${fresh1.has(id) ? ' (new)' : ''}: links ${own.map((n) => `${n}${fresh1.has(n) ? '*' : ''}`).join(' ')}; seen back by ${back.join(' ')}`);
    }
  }
}

function unit(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  return v.map((x) => x / n);
}
