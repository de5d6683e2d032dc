// Grouping faces into people, incrementally, preferring a missing link to a wrong merge.
//
// The rule is density-based (DBSCAN-like) and only ever touches faces that belong to nobody yet:
//  1. attach: an unassigned face joins an existing person when at least `minLinks` of that person's faces are
//     within `linkSimilarity` of it, and no other person has as many links (ambiguous faces wait);
//  2. found: among the still unassigned faces, a face with at least `minPeople - 1` unassigned neighbours is a core;
//     cores linked to cores form a new person with the border faces they reach, when it has `minPeople` faces.
// Hard constraints, whatever the descriptors say: a face never joins a person the user said it is not ("not this
// person"), two faces of one photo are never one person, faces a person already has are never moved, and people are
// never merged (only the user merges). So a re-run can add faces to people and make new people, nothing else.
import type { ClusterFace } from './face-repository.js';
import type { NeighbourSearch } from './face-neighbours.js';

export interface GroupingParams {
  /** cosine similarity above which two faces count as a link when founding a person (strict: founding chains) */
  linkSimilarity: number;
  /** cosine similarity above which a face counts as a link to a person's face when joining it (needs minLinks) */
  joinSimilarity: number;
  /** links to a person's faces needed to join it */
  minLinks: number;
  /** faces needed to found a new person */
  minPeople: number;
}

/**
 * Measured on faceres descriptors of faces-dev (docs/faces.md, bench/faces-quality.ts): founding at 0.72 keeps
 * different people apart (BCubed precision 0.99 there); joining at 0.64 with two links recovers most of the rest.
 */
export const DEFAULT_GROUPING: GroupingParams = { linkSimilarity: 0.72, joinSimilarity: 0.64, minLinks: 2, minPeople: 3 };

export interface GroupingResult {
  /** [faceId, personId]: unassigned faces that join existing people */
  attached: [number, number][];
  /** face ids of each new person */
  founded: number[][];
}

export function groupFaces(
  faces: readonly ClusterFace[],
  rejections: ReadonlyMap<number, ReadonlySet<number>>,
  neighbours: NeighbourSearch,
  params: GroupingParams = DEFAULT_GROUPING,
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
  const pending = faces.filter((f) => f.personId === null);
  if (pending.length === 0) return { attached: [], founded: [] };

  // neighbours at the looser join threshold; the founding links are the subset above linkSimilarity
  const joinLinks = new Map<number, number[]>();
  const found = neighbours.linksOf(pending.map((f) => f.id), Math.min(params.joinSimilarity, params.linkSimilarity));
  pending.forEach((f, i) => joinLinks.set(f.id, found[i].filter((id) => id !== f.id && byId.has(id))));
  const links = new Map<number, number[]>();
  for (const f of pending) {
    links.set(f.id, joinLinks.get(f.id)!.filter((id) => dot(f.descriptor, byId.get(id)!.descriptor) >= params.linkSimilarity));
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
        const counts = new Map<number, number>();
        for (const id of joinLinks.get(face.id)!) {
          const p = personOf.get(id);
          if (p !== undefined) counts.set(p, (counts.get(p) ?? 0) + 1);
        }
        const ranked = [...counts].filter(([p]) => allowed(face, p)).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
        const [best, second] = ranked;
        if (best && best[1] >= params.minLinks && !(second && second[1] >= params.minLinks)) {
          join(face, best[0]);
          attached.push([face.id, best[0]]);
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
  const free = new Set(waiting.map((f) => f.id));
  const freeLinks = (id: number) => links.get(id)!.filter((n) => free.has(n));
  const core = new Set([...free].filter((id) => freeLinks(id).length >= params.minPeople - 1));
  const clusterOf = new Map<number, number>();
  const clusters: number[][] = [];
  for (const seed of core) {
    if (clusterOf.has(seed)) continue;
    const members = [seed];
    clusterOf.set(seed, clusters.length);
    for (let i = 0; i < members.length; i++) {
      for (const n of freeLinks(members[i])) {
        if (!core.has(n) || clusterOf.has(n)) continue;
        clusterOf.set(n, clusters.length);
        members.push(n);
      }
    }
    clusters.push(members);
  }
  // border faces join the cluster most of their core links point to
  for (const id of free) {
    if (core.has(id)) continue;
    const votes = new Map<number, number>();
    for (const n of freeLinks(id)) {
      const c = clusterOf.get(n);
      if (c !== undefined && core.has(n)) votes.set(c, (votes.get(c) ?? 0) + 1);
    }
    const best = [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    if (best) clusters[best[0]].push(id);
  }
  const founded: number[][] = [];
  for (const members of clusters) {
    // one photo, one face per person: keep the best-linked face of each photo
    const perFile = new Map<number, number>();
    const score = (id: number) => freeLinks(id).filter((n) => members.includes(n)).length;
    for (const id of members) {
      const fileId = byId.get(id)!.fileId;
      const other = perFile.get(fileId);
      if (other === undefined || score(id) > score(other)) perFile.set(fileId, id);
    }
    const kept = [...perFile.values()].sort((a, b) => a - b);
    if (kept.length < params.minPeople) continue;
    founded.push(kept);
    // the new person is a person like any other for step 3 (negative ids until the caller creates it)
    for (const id of kept) join(byId.get(id)!, -founded.length);
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

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
