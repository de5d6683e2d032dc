// Grouping faces into people, incrementally, preferring a missing link to a wrong merge.
//
// Only faces that belong to nobody yet are ever touched:
//  1. join: an unassigned face joins an existing person when at least `minLinks` of that person's faces are within
//     `joinSimilarity` of it; when another person has as many links too, only if the face is clearly closer to one of
//     them (`joinRatio`, a ratio test: `pickPerson`), else it waits (ambiguous);
//  2. found: the faces still unassigned that the detector is sure of (score >= `minFoundingScore`) are grouped by
//     average linkage over their neighbour graph: two groups merge, closest pair first, while the mean similarity over
//     ALL their cross pairs is at least `averageSimilarity`. A group of `minPeople` faces becomes a new person.
//     Average linkage does not chain: two look-alike people (the siblings that single-link or DBSCAN joins through one
//     close pair) stay apart, because most of their cross pairs are not close, while one person's faces, close on
//     average, come together even when some pairs are not;
//  3. join again, so the rest (the less sure faces among them) can reach the new people.
// Why less sure faces only join: what the detector barely takes for a face (a turned-away head, a hand, a statue, a
// wheel) has a descriptor that says little about who it is, and such descriptors lie close to each other, so a few
// of them found a "person" of strangers and things. Joining asks for links to a real person's faces, which they lack.
// Hard constraints, whatever the descriptors say: a face never joins a person the user said it is not ("not this
// person"), two faces of one photo are never one person, faces a person already has are never moved, and people are
// never merged (only the user merges). So a re-run can add faces to people and make new people, nothing else.
import type { ClusterFace } from './face-repository.js';
import type { NeighbourSearch } from './face-neighbours.js';
import TinyQueue from 'tinyqueue';

export interface GroupingParams {
  /** mean cosine similarity over all cross pairs above which two groups of unassigned faces merge (founding) */
  averageSimilarity: number;
  /** cosine similarity above which a face counts as a link to a person's face when joining it (needs minLinks) */
  joinSimilarity: number;
  /** links to a person's faces needed to join it */
  minLinks: number;
  /** faces needed to found a new person */
  minPeople: number;
  /** the detector score a face needs to found a person (below it, down to FACE_QUALITY.minScore, it may only join) */
  minFoundingScore: number;
  /** where two people both have minLinks links to a face, it joins the closer only when its cosine distance to that
   *  one (1 - the mean of its minLinks closest links) is below joinRatio times the distance to the other */
  joinRatio: number;
}

/**
 * For dlib's descriptors as the face runner gives them (mirror-averaged, L2-normalised; docs/faces.md): their cosines
 * lie near 1 (same person 0.89-0.99, closest other person up to 0.95), so the thresholds are too. Founding = joining
 * = t; BCubed precision >= 0.95 and recall >= 0.80 hold for t from 0.92 to 0.94 on faces-dev and 0.90 to 0.94 on an
 * unseen library of LFW photos (bench/faces-descriptor-compare.ts): 0.93 is the middle of that plateau, not a peak.
 * (faceres, before: 0.65.)
 *
 * minFoundingScore, for BlazeFace's scores (face-types.ts FACE_DETECTOR_MODEL_ID): the faces the detector scores 0.70-0.78
 * founded the wrong people measured (a turned-away head, a hand holding a can and a woman in profile in the kphotoalbum
 * demo; ten false faces of nine Caltech-101 classes, from a motorbike to a yin-yang, as one person), while faces-dev's
 * grouping is as good from 0.72 to 0.82 and loses people from 0.85 (bench/faces-founding.ts): 0.8, inside that plateau.
 */
export const DEFAULT_GROUPING: GroupingParams = { averageSimilarity: 0.93, joinSimilarity: 0.93, minLinks: 2, minPeople: 3, minFoundingScore: 0.8, joinRatio: 0.5 };

/**
 * Which person a face joins, from the cosines of its links (>= joinSimilarity) to each person's faces (only people
 * it may join), or null. A person needs minLinks links. Where two people have that many, the face joins the closer
 * one only when it is at least twice as close in cosine distance (joinRatio 0.5; 0.71 in Euclidean distance between
 * unit descriptors: a ratio test like Lowe's for SIFT matches, stricter than his 0.8, a missing link rather than a
 * wrong join), else it waits. Before, any second person with minLinks links
 * made the face wait: after the user split two look-alikes the grouping had merged (cross cosines 0.93), every new
 * photo of either (0.99 to its own person, 0.934 to the other) waited forever, offered as "99 % sure" (trial 11).
 * Distances, not cosines: the rule holds for any descriptor's scale (faceres's thresholds were 0.65, dlib's 0.93).
 */
export function pickPerson(links: ReadonlyMap<number, readonly number[]>, params: GroupingParams): number | null {
  const contenders: { person: number; distance: number }[] = [];
  for (const [person, sims] of links) {
    if (sims.length < params.minLinks) continue;
    const top = [...sims].sort((a, b) => b - a).slice(0, params.minLinks);
    contenders.push({ person, distance: 1 - top.reduce((s, x) => s + x, 0) / top.length });
  }
  contenders.sort((a, b) => a.distance - b.distance || a.person - b.person);
  const [best, second] = contenders;
  if (!best) return null;
  if (second && !(best.distance < params.joinRatio * second.distance)) return null;
  return best.person;
}

export interface GroupingResult {
  /** [faceId, personId]: unassigned faces that join existing people */
  attached: [number, number][];
  /** face ids of each new person */
  founded: number[][];
}

/**
 * `fresh`: the ids of the faces stored (or changed) since the last grouping, when nothing else changed since (no user
 * decision, no face removed): then only they and, transitively, the unassigned faces linked to them are searched and
 * grouped. An old unassigned face can only change when a new face lands among its neighbours or a neighbour of it
 * changes person, and every face that can change person here is in that closure; the others were grouped last time
 * with the same result. Equal to a full grouping where links are symmetric (the exact search); with the graph's search
 * (GRAPH_K nearest per face) a link seen only from the old face's side (the new face has GRAPH_K closer faces) is
 * missed until the next full grouping (docs/faces.md).
 */
export function groupFaces(
  faces: readonly ClusterFace[],
  rejections: ReadonlyMap<number, ReadonlySet<number>>,
  neighbours: NeighbourSearch,
  params: GroupingParams = DEFAULT_GROUPING,
  fresh?: ReadonlySet<number>,
): GroupingResult {
  const byId = new Map(faces.map((f) => [f.id, f]));
  const personOf = new Map<number, number>();
  const filesOfPerson = new Map<number, Set<number>>();
  const join = (face: ClusterFace, person: number) => {
    personOf.set(face.id, person);
    let s = filesOfPerson.get(person);
    if (!s) filesOfPerson.set(person, (s = new Set()));
    s.add(face.fileId);
  };
  for (const f of faces) if (f.personId !== null) join(f, f.personId);
  // one neighbour search at the lower of the two thresholds; the join links are the subset above joinSimilarity
  const searched = Math.min(params.joinSimilarity, params.averageSimilarity);
  const near = new Map<number, number[]>();
  let pending: ClusterFace[];
  if (fresh) {
    // the fresh faces (assigned ones too: an imported name can carry an old face), then the unassigned faces linked
    // to any face searched, until no new one comes
    let frontier = faces.filter((f) => fresh.has(f.id));
    const reached = new Set(frontier.map((f) => f.id));
    while (frontier.length > 0) {
      const found = neighbours.linksOf(frontier.map((f) => f.id), searched);
      const next: ClusterFace[] = [];
      frontier.forEach((f, i) => {
        const links = found[i].filter((id) => id !== f.id && byId.has(id));
        if (f.personId === null) near.set(f.id, links);
        for (const id of links) {
          const g = byId.get(id)!;
          if (g.personId !== null || reached.has(id)) continue;
          reached.add(id);
          next.push(g);
        }
      });
      frontier = next;
    }
    pending = faces.filter((f) => f.personId === null && reached.has(f.id));
  } else {
    pending = faces.filter((f) => f.personId === null);
    if (pending.length > 0) {
      const found = neighbours.linksOf(pending.map((f) => f.id), searched);
      pending.forEach((f, i) => near.set(f.id, found[i].filter((id) => id !== f.id && byId.has(id))));
    }
  }
  if (pending.length === 0) return { attached: [], founded: [] };
  // each pending face's links above joinSimilarity, with their cosines (the join rule weighs them)
  const joinLinks = new Map<number, { id: number; sim: number }[]>();
  for (const f of pending) {
    const links = near.get(f.id)!.map((id) => ({ id, sim: dot(f.descriptor, byId.get(id)!.descriptor) }));
    joinLinks.set(f.id, links.filter((l) => l.sim >= params.joinSimilarity));
  }

  const allowed = (face: ClusterFace, person: number): boolean =>
    !rejections.get(face.id)?.has(person) && !filesOfPerson.get(person)?.has(face.fileId);

  // 1. attach, repeated while faces keep joining (a joined face can carry the next one)
  const attached: [number, number][] = [];
  const attach = (candidates: ClusterFace[]): ClusterFace[] => {
    let rest = candidates;
    for (let changed = true; changed;) {
      changed = false;
      const still: ClusterFace[] = [];
      for (const face of rest) {
        const links = new Map<number, number[]>();
        for (const { id, sim } of joinLinks.get(face.id)!) {
          const p = personOf.get(id);
          if (p === undefined || !allowed(face, p)) continue;
          let sims = links.get(p);
          if (!sims) links.set(p, (sims = []));
          sims.push(sim);
        }
        const best = pickPerson(links, params);
        if (best !== null) {
          join(face, best);
          attached.push([face.id, best]);
          changed = true;
        } else {
          still.push(face);
        }
      }
      rest = still;
    }
    return rest;
  };
  const waiting = attach(pending);

  // 2. found new people among the faces nobody has
  const founded: number[][] = [];
  for (const members of averageLinkage(waiting.filter((f) => f.score >= params.minFoundingScore), near, params.averageSimilarity)) {
    if (members.length < params.minPeople) continue;
    members.sort((a, b) => a - b);
    founded.push(members);
    // the new person is a person like any other for step 3 (negative ids until the caller creates it)
    for (const id of members) join(byId.get(id)!, -founded.length);
  }

  // 3. the faces still unassigned may now join the new people
  const before = attached.length;
  attach(waiting.filter((f) => !personOf.has(f.id)));
  const late = attached.splice(before);
  for (const [faceId, person] of late) {
    if (person < 0) founded[-person - 1].push(faceId);
    else attached.push([faceId, person]);
  }
  return { attached, founded };
}

interface Group {
  members: number[];
  /** the sum of the members' (unit) descriptors: the mean similarity of two groups is dot(sumA, sumB) / (|A| |B|);
   *  a single face's own descriptor until it merges (100,000 copies would cost 800 MB) */
  sum: Float32Array | Float64Array;
  files: Set<number>;
  /** groups whose members are neighbours of this group's members */
  next: Set<number>;
  /** bumped at each merge, so stale queue entries are skipped */
  version: number;
}

/**
 * Graph-constrained average linkage: only groups with at least one neighbour pair are compared, closest first (a
 * priority queue with lazy deletion). Two groups with a photo in common never merge. O(E log E) dot products for E
 * neighbour pairs, since each group carries the sum of its descriptors. tinyqueue is the priority queue.
 */
export function averageLinkage(faces: readonly ClusterFace[], neighbours: ReadonlyMap<number, readonly number[]>, threshold: number): number[][] {
  const groups = new Map<number, Group>();
  for (const f of faces) groups.set(f.id, { members: [f.id], sum: f.descriptor, files: new Set([f.fileId]), next: new Set(), version: 0 });
  for (const f of faces) {
    for (const n of neighbours.get(f.id) ?? []) {
      if (n === f.id || !groups.has(n)) continue;
      groups.get(f.id)!.next.add(n);
      groups.get(n)!.next.add(f.id);
    }
  }
  const mean = (a: Group, b: Group): number => {
    let s = 0;
    for (let i = 0; i < a.sum.length; i++) s += a.sum[i] * b.sum[i];
    return s / (a.members.length * b.members.length);
  };
  // closest pair first; entries of groups changed since they were queued are skipped when they come up
  const queue = new TinyQueue<{ s: number; a: number; b: number; va: number; vb: number }>([], (x, y) => y.s - x.s);
  for (const [id, g] of groups) {
    for (const n of g.next) {
      if (n < id) continue;
      const s = mean(g, groups.get(n)!);
      if (s >= threshold) queue.push({ s, a: id, b: n, va: 0, vb: 0 });
    }
  }
  for (let e = queue.pop(); e; e = queue.pop()) {
    const a = groups.get(e.a);
    const b = groups.get(e.b);
    if (!a || !b || a.version !== e.va || b.version !== e.vb) continue;
    if ([...b.files].some((f) => a.files.has(f))) continue;
    // b into a
    if (a.members.length === 1) a.sum = Float64Array.from(a.sum);
    a.members.push(...b.members);
    for (let i = 0; i < a.sum.length; i++) a.sum[i] += b.sum[i];
    for (const f of b.files) a.files.add(f);
    a.version++;
    groups.delete(e.b);
    for (const n of b.next) {
      if (n === e.a) continue;
      a.next.add(n);
      const other = groups.get(n)!.next;
      other.delete(e.b);
      other.add(e.a);
    }
    a.next.delete(e.b);
    for (const n of a.next) {
      const g = groups.get(n)!;
      const s = mean(a, g);
      if (s < threshold) continue;
      queue.push(e.a < n ? { s, a: e.a, b: n, va: a.version, vb: g.version } : { s, a: n, b: e.a, va: g.version, vb: a.version });
    }
  }
  return [...groups.values()].map((g) => g.members);
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
