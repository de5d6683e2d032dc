// `loupe eval people`: indexes a folder into a temporary library and scores what the app itself shows (its faces and
// its own grouping, at its own thresholds) against a ground-truth file in the form of faces-dev's:
//   {"images": [{"path": relpath, "people": [name, ...]}]}
// Scoring, as that file's README asks: in an image with one labelled person, the person is the detected face nearest
// the image centre (other faces are unlabelled and ignored); in an image with several, the largest faces are the
// labelled ones, and their names are given to them in the order that agrees best with the grouping elsewhere
// (boxes are not in the truth file). Every unassigned face is a group of its own.
import fs from 'node:fs';
import path from 'node:path';
import type { EngineOptions } from '../engine.js';
import { LibraryError } from '../errors.js';
import type { Job } from '../jobs/job.js';
import { withTemporaryLibrary } from '../eval/eval-library.js';

export interface PeopleTruth {
  images: { path: string; people: string[] }[];
}

export interface PeopleEvalReport {
  images: number;
  labelledFaces: number;
  foundFaces: number;
  /** share of labelled faces the detector found */
  detectionRecall: number;
  /** BCubed over the found labelled faces: people as the app groups them, unassigned faces alone */
  bcubedPrecision: number;
  bcubedRecall: number;
  people: number;
  unassigned: number;
}

export interface LabelledFace {
  label: string;
  /** the app's person, or null when the face is unassigned */
  person: number | null;
}

export function loadPeopleTruth(file: string): PeopleTruth {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new LibraryError('invalid', `Cannot read the ground truth ${file}: ${(err as Error).message}`);
  }
  const images = (parsed as PeopleTruth | null)?.images;
  if (!Array.isArray(images) || images.some((i) => typeof i?.path !== 'string' || !Array.isArray(i.people))) {
    throw new LibraryError('invalid', `${file} is not a ground truth file: expected {"images": [{"path", "people": [...]}]}`);
  }
  return { images };
}

/** BCubed precision and recall of `faces` grouped by person (null: alone) against their labels. */
export function bcubed(faces: readonly LabelledFace[]): { precision: number; recall: number } {
  if (faces.length === 0) return { precision: 0, recall: 0 };
  const byLabel = new Map<string, number>();
  const byPerson = new Map<number, LabelledFace[]>();
  for (const f of faces) {
    byLabel.set(f.label, (byLabel.get(f.label) ?? 0) + 1);
    if (f.person !== null) byPerson.set(f.person, [...(byPerson.get(f.person) ?? []), f]);
  }
  let p = 0;
  let r = 0;
  for (const f of faces) {
    const cluster = f.person === null ? [f] : byPerson.get(f.person)!;
    const same = cluster.filter((g) => g.label === f.label).length;
    p += same / cluster.length;
    r += same / byLabel.get(f.label)!;
  }
  return { precision: p / faces.length, recall: r / faces.length };
}

interface FoundFace {
  box: [number, number, number, number];
  person: number | null;
}

/** Matches the labelled people of each image to its faces (see the file comment). */
export function labelFaces(images: { people: string[]; width: number; height: number; faces: FoundFace[] }[]): { labelled: LabelledFace[]; found: number; total: number } {
  const labelled: LabelledFace[] = [];
  let found = 0;
  let total = 0;
  const multi: { people: string[]; faces: FoundFace[] }[] = [];
  for (const img of images) {
    total += img.people.length;
    if (img.people.length === 1) {
      const [cx, cy] = [img.width / 2, img.height / 2];
      // the centred face: its box must contain the centre's neighbourhood
      const near = img.faces
        .map((f) => ({ f, d: Math.hypot(f.box[0] + f.box[2] / 2 - cx, f.box[1] + f.box[3] / 2 - cy) }))
        .filter(({ f, d }) => d < Math.max(f.box[2], f.box[3]) * 0.75)
        .sort((a, b) => a.d - b.d)[0];
      if (near) {
        found++;
        labelled.push({ label: img.people[0], person: near.f.person });
      }
    } else if (img.people.length > 1) {
      const faces = [...img.faces].sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3]).slice(0, img.people.length);
      found += faces.length;
      multi.push({ people: img.people, faces });
    }
  }
  // majority label of each person, from the single-person images
  const votes = new Map<number, Map<string, number>>();
  for (const f of labelled) {
    if (f.person === null) continue;
    const v = votes.get(f.person) ?? new Map<string, number>();
    v.set(f.label, (v.get(f.label) ?? 0) + 1);
    votes.set(f.person, v);
  }
  for (const m of multi) {
    let best: string[] = m.people;
    let bestScore = -1;
    for (const perm of permutations(m.people).slice(0, 720)) {
      const score = m.faces.reduce((s, f, i) => s + (f.person !== null ? votes.get(f.person)?.get(perm[i]) ?? 0 : 0), 0);
      if (score > bestScore) { best = perm; bestScore = score; }
    }
    m.faces.forEach((f, i) => labelled.push({ label: best[i], person: f.person }));
  }
  return { labelled, found, total };
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  const out: T[][] = [];
  items.forEach((x, i) => {
    for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) out.push([x, ...rest]);
  });
  return out;
}

export async function evaluatePeople(
  folder: string,
  truthFile: string,
  options: Omit<EngineOptions, 'home'> & { job?: Job },
): Promise<PeopleEvalReport> {
  const truth = loadPeopleTruth(truthFile);
  const root = path.resolve(folder);
  return withTemporaryLibrary(root, options, options.job, async (engine) => {
    const images = [];
    for (const t of truth.images) {
      const abs = path.join(root, t.path);
      const id = engine.library.photoIdAt(abs);
      const row = id === null ? null : engine.people.catalogued(id);
      const faces: FoundFace[] = (row?.faces ?? []).map((f) => ({ box: f.box, person: f.person }));
      images.push({ people: t.people, width: row?.width ?? 0, height: row?.height ?? 0, faces });
    }
    const { labelled, found, total } = labelFaces(images);
    const { precision, recall } = bcubed(labelled);
    const listing = engine.people.people.list();
    const r = (v: number) => Math.round(v * 10000) / 10000;
    return {
      images: truth.images.length,
      labelledFaces: total,
      foundFaces: found,
      detectionRecall: r(total ? found / total : 0),
      bcubedPrecision: r(precision),
      bcubedRecall: r(recall),
      people: listing.people.length,
      unassigned: listing.unassigned.length,
    };
  });
}
