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
  /** cosine similarity above which two faces count as a link */
  linkSimilarity: number;
  /** links to a person's faces needed to join it */
  minLinks: number;
  /** faces needed to found a new person */
  minPeople: number;
}

/**
 * Chosen on faceres descriptors of faces-dev (docs/faces.md): 0.64 is where about one pair of different people in
 * a thousand links; two links are needed to join; three faces make a person.
 */
export const DEFAULT_GROUPING: GroupingParams = { linkSimilarity: 0.64, minLinks: 2, minPeople: 3 };

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

  const links = new Map<number, number[]>();
  const found = neighbours.linksOf(pending.map((f) => f.id), params.linkSimilarity);
  pending.forEach((f, i) => links.set(f.id, found[i].filter((id) => id !== f.id && byId.has(id))));

  const allowed = (face: ClusterFace, person: number): boolean =>
    !rejections.get(face.id)?.has(person) && !filesOfPerson.get(person)?.has(face.fileId);

  // 1. attach, repeated while faces keep joining (a joined face can carry the next one)
  const attached: [number, number][] = [];
  let waiting = pending;
  for (let changed = true; changed;) {
    changed = false;
    const still: ClusterFace[] = [];
    for (const face of waiting) {
      const counts = new Map<number, number>();
      for (const id of links.get(face.id)!) {
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
    waiting = still;
  }

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
    if (kept.length >= params.minPeople) founded.push(kept);
  }
  return { attached, founded };
}
