// Who may found a person (face-grouping.ts DEFAULT_GROUPING.minFoundingScore): the app's faces of four libraries,
// grouped from scratch by the app's own rule at a range of founding scores, the app's own value marked.
//  - faces-dev (neutral names): share of labelled faces found, BCubed precision / recall (goals 0.95 / 0.80);
//  - Caltech-101 dev (neutral names): a person holding a face from any class but "Faces" is wrong (false faces: a
//    statue, a wheel, a cougar; or strangers in two photos of unrelated classes);
//  - the kphotoalbum demo: people, and whether one name of the album's own People tags (and its people's icons) is in
//    all of a person's photos (it cannot see a wrong face in a right photo: the crops in OUT show each person's faces);
//  - street scenes (ocr-dev's ICDAR 2015 photos: passers-by) and hires: people among strangers.
// Each library is indexed once by the real engine and cached under os.tmpdir()/loupe-faces-founding (delete it to
// index again; bench/faces-library.ts); the faces are read from its catalog. Usage: npx tsx bench/faces-founding.ts [OUT]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { bcubed, labelFaces, loadPeopleTruth } from '../src/main/engine/faces/evaluate-people.js';
import { DEFAULT_GROUPING, groupFaces } from '../src/main/engine/faces/face-grouping.js';
import { neighbourSearch } from '../src/main/engine/faces/face-neighbours.js';
import { FACE_MODEL_VERSION } from '../src/main/engine/faces/face-types.js';
import type { ClusterFace } from '../src/main/engine/faces/face-repository.js';
import { evaluationData } from './evaluation-data.js';
import { facesOfLibrary } from './faces-library.js';
import { caltechDev } from './retrieval-data.js';

const OUT = process.argv[2] ?? path.join(os.tmpdir(), 'faces-founding');
const CACHE = path.join(os.tmpdir(), 'loupe-faces-founding');
const SCORES = [0.7, 0.72, 0.75, 0.78, 0.8, 0.82, 0.85, 0.88];

interface Face extends ClusterFace {
  /** the photo's original path */
  source: string;
  box: [number, number, number, number];
  width: number;
  height: number;
}

/** `files`: [original, neutral name] pairs, copied and indexed once; the faces good enough to group. */
async function library(name: string, files: [string, string][]): Promise<Face[]> {
  return (await facesOfLibrary(path.join(CACHE, name), files)).flatMap((f) => (f.quality === 'ok' && f.descriptor
    ? [{ id: f.id, fileId: f.fileId, personId: null, assignedBy: null, score: f.score, descriptor: f.descriptor, source: f.source, box: f.box, width: f.width, height: f.height }]
    : []));
}

/** The app's grouping from scratch (every face unassigned) with founding at `score`: person of each grouped face. */
function group(faces: Face[], score: number): Map<number, number> {
  const r = groupFaces(faces, new Map(), neighbourSearch(faces), { ...DEFAULT_GROUPING, minFoundingScore: score });
  const person = new Map<number, number>(r.attached);
  r.founded.forEach((members, p) => { for (const id of members) person.set(id, p); });
  return person;
}

function peopleOf(faces: Face[], person: Map<number, number>): Face[][] {
  const by = new Map<number, Face[]>();
  for (const f of faces) {
    const p = person.get(f.id);
    if (p !== undefined) by.set(p, [...(by.get(p) ?? []), f]);
  }
  return [...by.values()];
}

function sweep(name: string, faces: Face[], describe: (people: Face[][], person: Map<number, number>) => string): void {
  console.log(`\n${name}: ${faces.length} faces good enough to group`);
  for (const s of SCORES) {
    const person = group(faces, s);
    const people = peopleOf(faces, person);
    const mark = s === DEFAULT_GROUPING.minFoundingScore ? '  <- the app' : '';
    console.log(`  found >= ${s.toFixed(2)}${s === 0.7 ? ' (all)' : '      '}  people ${String(people.length).padStart(3)}  ${describe(people, person)}${mark}`);
  }
}

/** Each person of the app's own grouping as a strip of face crops in OUT/<set>-person-N.png. */
async function crops(name: string, faces: Face[]): Promise<void> {
  const people = peopleOf(faces, group(faces, DEFAULT_GROUPING.minFoundingScore));
  fs.mkdirSync(OUT, { recursive: true });
  for (const [i, members] of people.entries()) {
    const tiles = await Promise.all(members.slice(0, 12).map(async (f) => {
      const [x, y, w, h] = f.box.map(Math.round);
      const left = Math.max(0, x);
      const top = Math.max(0, y);
      const img = sharp(f.source).rotate();
      const meta = await img.clone().metadata();
      const ow = Math.min(w, (meta.autoOrient?.width ?? meta.width ?? w) - left);
      const oh = Math.min(h, (meta.autoOrient?.height ?? meta.height ?? h) - top);
      return img.extract({ left, top, width: Math.max(1, ow), height: Math.max(1, oh) }).resize(96, 96).png().toBuffer();
    }));
    await sharp({ create: { width: 96 * tiles.length, height: 96, channels: 3, background: '#fff' } })
      .composite(tiles.map((input, k) => ({ input, left: 96 * k, top: 0 })))
      .png().toFile(path.join(OUT, `${name}-person-${i + 1}.png`));
  }
}

const neutral = (files: string[], prefix: string): [string, string][] =>
  files.map((f, i) => [f, `${prefix}${String(i + 1).padStart(4, '0')}${path.extname(f).toLowerCase()}`]);
const images = (dir: string) => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(jpe?g|png)$/i.test(f)).sort().map((f) => path.join(dir, f));
/** A fixed shuffle, so ids and names say nothing of the source's order. */
const shuffled = <T>(xs: T[]): T[] => xs.map((x, i) => ({ x, k: (i * 2654435761) % 4294967296 })).sort((a, b) => a.k - b.k).map(({ x }) => x);

console.log(`load average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}; faces model ${FACE_MODEL_VERSION}`);

// faces-dev: BCubed against its ground truth
const facesDev = evaluationData('faces-dev');
const truth = loadPeopleTruth(path.join(facesDev, 'ground-truth.json'));
const fdFiles = neutral(shuffled(truth.images.map((i) => path.join(facesDev, i.path))), 'img-');
const fdFaces = await library('faces-dev', fdFiles);
sweep('faces-dev', fdFaces, (_, person) => {
  const bySource = new Map<string, Face[]>();
  for (const f of fdFaces) bySource.set(f.source, [...(bySource.get(f.source) ?? []), f]);
  const imgs = truth.images.map((t) => {
    const fs2 = bySource.get(path.join(facesDev, t.path)) ?? [];
    return { people: t.people, width: fs2[0]?.width ?? 0, height: fs2[0]?.height ?? 0, faces: fs2.map((f) => ({ box: f.box, person: person.get(f.id) ?? null })) };
  });
  const { labelled, found, total } = labelFaces(imgs);
  const b = bcubed(labelled);
  return `labelled faces found ${found}/${total}  BCubed precision ${b.precision.toFixed(3)} recall ${b.recall.toFixed(3)}`;
});

// Caltech-101 dev: people holding a face of any class but Faces
const caltech = caltechDev();
const classOf = new Map(caltech.files.map((f, i) => [f, caltech.classes[caltech.labels[i]]]));
const calFaces = await library('caltech', neutral(shuffled(caltech.files), 'p'));
sweep('caltech101-dev', calFaces, (people) => {
  const wrong = people.filter((m) => m.some((f) => classOf.get(f.source) !== 'Faces'));
  return `wrong ${wrong.length}${wrong.length ? ': ' + wrong.map((m) => `${m.length} faces of ${[...new Set(m.map((f) => classOf.get(f.source)))].join('+')}`).join('; ') : ''}`;
});

// kphotoalbum demo: the album's own People tags
const kp = evaluationData('robustness', 'kphotoalbum-demo');
const xml = fs.readFileSync(path.join(kp, 'index.xml'), 'utf8');
const tagged = new Map<string, Set<string>>();
for (const m of xml.matchAll(/<image file="([^"]+)"[\s\S]*?<\/image>/g)) {
  const people = /<option name="People">([\s\S]*?)<\/option>/.exec(m[0]);
  tagged.set(path.join(kp, m[1]), new Set(people ? [...people[1].matchAll(/value="([^"]+)"/g)].map((v) => v[1]) : []));
}
// the album's icons of its people (CategoryImages/People-Anne_Helene.jpg): a crop of that person
for (const f of fs.readdirSync(path.join(kp, 'CategoryImages'))) {
  const name = /^People-(.+)\.jpg$/.exec(f)?.[1];
  if (name) tagged.set(path.join(kp, 'CategoryImages', f), new Set([name.replace(/_/g, ' ')]));
}
const kpFaces = await library('kphotoalbum', neutral(images(kp), 'IMG_'));
sweep('kphotoalbum-demo', kpFaces, (people) => {
  const named = people.map((m) => [...(tagged.get(m[0].source) ?? [])].filter((n) => m.every((f) => tagged.get(f.source)?.has(n))));
  return `sizes ${people.map((m) => m.length).join(',') || '-'}  one tagged name in all its photos ${named.filter((n) => n.length).length}/${people.length}`;
});
await crops('kphotoalbum', kpFaces);

// passers-by and wallpapers
const strangers = await library('strangers', neutral([...images(evaluationData('ocr-dev', 'icdar2015')), ...images(evaluationData('hires'))], 's'));
sweep('street scenes + hires', strangers, (people) => `sizes ${people.map((m) => m.length).join(',') || '-'}`);
await crops('strangers', strangers);
console.log(`\ncrops of each person (the app's value): ${OUT}`);
