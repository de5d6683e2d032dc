import path from 'node:path';
import { LibraryError } from '../errors.js';
import type { FileRepository } from '../catalog/file-repository.js';
import type { RgbImage } from '../media/rgb-image.js';
import type { DetectedFace } from './face-types.js';
import { FACE_MODEL_VERSION } from './face-types.js';
import { faceQuality } from './face-types.js';
import { DEFAULT_GROUPING, groupFaces, pickPerson, type GroupingParams } from './face-grouping.js';
import { insideShare } from './face-geometry.js';
import { faceConfidence, similarityAtConfidence } from './face-confidence.js';
import type { FaceGraph } from './face-neighbours.js';
import type { Box, ClusterFace, FaceRepository, FaceRow } from './face-repository.js';

export interface PersonSummary {
  id: number;
  name: string | null;
  hidden: boolean;
  count: number;
  faces: { id: number; fileId: number; path: string; box: Box }[];
}

export interface PeopleListing {
  people: PersonSummary[];
  unassigned: { id: number; fileId: number; path: string; box: Box; quality: string }[];
}

export interface FaceOnPhoto {
  id: number | null;
  box: Box;
  person: number | null;
  name: string | null;
  /** how sure Loupe is of the person: 1 for the user's decisions, else the chance it is right (face-confidence.ts) */
  confidence: number | null;
  quality: string;
}

export interface Suggestion {
  faceId: number;
  fileId: number;
  path: string;
  box: Box;
  person: number;
  name: string;
  /** the chance the face is that person (face-confidence.ts) */
  confidence: number;
}

export interface PeopleServiceDeps {
  faces: FaceRepository;
  files: FileRepository;
  /** decodes a photo into the image the face models read, and the scale from it to displayed pixels */
  loadImage: (path: string) => Promise<{ image: RgbImage; scale: number }>;
  describeBox: (image: RgbImage, box: Box) => Promise<DetectedFace>;
  params?: GroupingParams;
  /** the neighbour graph of the faces, kept on disk (face-neighbours.ts) */
  graph: FaceGraph;
}

/** A person's name as stored: NFC, trimmed, not empty, at most 200 characters (any language). */
function personName(name: string): string {
  const clean = name.normalize('NFC').trim();
  if (!clean) throw new LibraryError('invalid', 'A name cannot be empty.');
  if (clean.length > 200) throw new LibraryError('invalid', 'A name can have at most 200 characters.');
  return clean;
}

/** The least shown confidence a suggestion ("Is this Anna? 5 %") is asked at. Below 5 % none was ever right: 0 of
 *  111 best matches on faces-dev, Caltech faces and an unseen library (docs/faces.md, round ten), 0 of 11 questions a
 *  stranger's trial was asked (trial 22: "Is this Tom Hanks? 0 %"); the 3 right ones there were shown 5.3-68 %. */
export const SUGGEST_MIN_CONFIDENCE = 0.05;
/** The same cut on the similarity to a named person (~0.915), which suggestions are ranked by. It was 0.89, where
 *  grouping at that threshold keeps 2/3 of its precision on faces-dev: shown 0.1-5 %, always wrong. */
export const SUGGEST_MIN = similarityAtConfidence(SUGGEST_MIN_CONFIDENCE);

/**
 * People: grouping faces (incrementally, see face-grouping.ts) and every decision the user makes about them. The
 * decisions are stored as facts grouping must respect (assigned_by = 'user', rejections, removed faces, names), so no
 * re-run undoes them.
 */
export class PeopleService {
  /**
   * Descriptors of the current model by face id, with the content hash they were computed from: a large library's
   * update reads only its new or changed faces' descriptors (100,000 of them take over a second to read), while
   * persons, decisions and removals are read fresh each time.
   */
  private readonly descriptors = new Map<number, { hash: string; descriptor: Float32Array }>();

  constructor(private readonly deps: PeopleServiceDeps) {}

  private get repo(): FaceRepository {
    return this.deps.faces;
  }

  /** The faces grouping works on (the current model's), descriptors from the cache where they are still current. */
  private clusterable(): ClusterFace[] {
    const rows = this.repo.clusterableRows(FACE_MODEL_VERSION);
    const stale = rows.filter((r) => this.descriptors.get(r.id)?.hash !== r.content_hash);
    const read = this.repo.descriptorsOf(stale.map((r) => r.id));
    for (const r of stale) {
      const d = read.get(r.id);
      if (d) this.descriptors.set(r.id, { hash: r.content_hash, descriptor: d });
    }
    // faces deleted since: forget them once they are a good share of the cache
    if (this.descriptors.size > rows.length * 1.25 + 100) {
      const live = new Set(rows.map((r) => r.id));
      for (const id of this.descriptors.keys()) if (!live.has(id)) this.descriptors.delete(id);
    }
    return rows.flatMap((r) => {
      const d = this.descriptors.get(r.id);
      return d ? [{ id: r.id, fileId: r.file_id, personId: r.person_id, assignedBy: r.assigned_by, score: r.score, descriptor: d.descriptor }] : [];
    });
  }

  /** Puts unassigned faces into people (existing or new). Costs nothing when no face is unassigned. */
  update(): { attached: number; founded: number } {
    this.applyImportedNames();
    const faces = this.clusterable();
    const rejections = this.repo.rejections();
    const fresh = this.freshSince(faces, rejections);
    if (!faces.some((f) => f.personId === null)) {
      this.remember(faces, rejections);
      return { attached: 0, founded: 0 };
    }
    const result = groupFaces(faces, rejections, this.deps.graph.searchFor(faces), this.deps.params ?? DEFAULT_GROUPING, fresh);
    const personOf = new Map<number, number>();
    for (const [faceId, personId] of result.attached) {
      this.repo.assign([faceId], personId, 'auto');
      personOf.set(faceId, personId);
    }
    for (const members of result.founded) {
      const person = this.repo.createPerson();
      this.repo.assign(members, person, 'auto');
      for (const id of members) personOf.set(id, person);
    }
    this.deps.graph.save();
    this.remember(faces.map((f) => (personOf.has(f.id) ? { ...f, personId: personOf.get(f.id)! } : f)), rejections);
    return { attached: result.attached.length, founded: result.founded.length };
  }

  /**
   * What the last grouping left: each face's descriptor and person, and the rejections. The next update searches only
   * the faces new (or with a new descriptor) since, while nothing else changed; a user decision (a face moved,
   * removed or rejected, people merged) or a face gone makes it group everything again, as before.
   */
  private last: { faces: Map<number, { person: number | null; descriptor: Float32Array }>; rejections: string } | null = null;

  private remember(faces: readonly ClusterFace[], rejections: ReadonlyMap<number, ReadonlySet<number>>): void {
    this.last = { faces: new Map(faces.map((f) => [f.id, { person: f.personId, descriptor: f.descriptor }])), rejections: rejectionsKey(rejections) };
  }

  /** The faces new since the last grouping, or undefined where everything must be grouped again. */
  private freshSince(faces: readonly ClusterFace[], rejections: ReadonlyMap<number, ReadonlySet<number>>): Set<number> | undefined {
    const last = this.last;
    if (!last || last.rejections !== rejectionsKey(rejections)) return undefined;
    const fresh = new Set<number>();
    let seen = 0;
    for (const f of faces) {
      const was = last.faces.get(f.id);
      if (was) seen++;
      if (!was || was.descriptor !== f.descriptor) fresh.add(f.id);
      else if (was.person !== f.personId) return undefined;
    }
    return seen === last.faces.size ? fresh : undefined;
  }

  /**
   * The face stage stored a photo's faces: they go into the face graph now, while the photo is indexed, so grouping
   * a large library after indexing finds its graph built rather than building it.
   */
  facesStored(fileId: number): void {
    const faces = this.repo.clusterableOfFile(fileId, FACE_MODEL_VERSION);
    try {
      this.deps.graph.add(faces, () => this.clusterable());
    } catch {
      // The photo's faces are stored; the next grouping adds what the graph lacks (and reports a graph that cannot
      // be opened or written), so a graph problem never fails the photo.
    }
  }

  /**
   * A name found in a file's face regions counts as the user's own decision (someone named that face): the face goes
   * to the person of that name (made if needed), unless the user has since said it is not that person.
   */
  private applyImportedNames(): void {
    const rejections = this.repo.rejections();
    for (const f of this.repo.unassignedImported()) {
      const person = this.repo.personByName(f.imported_name)?.id ?? this.repo.createPerson(f.imported_name);
      if (rejections.get(f.id)?.has(person)) continue;
      if (this.repo.ofFile(f.file_id).some((o) => o.id !== f.id && o.person_id === person)) continue;
      this.repo.assign([f.id], person, 'user');
    }
  }

  list(options: { includeHidden?: boolean } = {}): PeopleListing {
    const people = new Map<number, PersonSummary>();
    for (const p of this.repo.people()) {
      if (p.hidden && !options.includeHidden) continue;
      people.set(p.id, { id: p.id, name: p.name, hidden: Boolean(p.hidden), count: 0, faces: [] });
    }
    const unassigned: PeopleListing['unassigned'] = [];
    const hiddenPeople = new Set(this.repo.people().filter((p) => p.hidden).map((p) => p.id));
    for (const f of this.repo.allShown()) {
      const box = boxOf(f);
      const person = f.person_id === null ? undefined : people.get(f.person_id);
      if (person) {
        person.faces.push({ id: f.id, fileId: f.file_id, path: f.path, box });
      } else if (f.person_id === null || !hiddenPeople.has(f.person_id)) {
        unassigned.push({ id: f.id, fileId: f.file_id, path: f.path, box, quality: f.quality });
      }
    }
    for (const p of people.values()) p.count = new Set(p.faces.map((f) => f.path)).size;
    const list = [...people.values()].filter((p) => p.faces.length > 0 || p.name !== null);
    // named first, then by number of photos
    list.sort((a, b) => Number(b.name !== null) - Number(a.name !== null) || b.count - a.count || a.id - b.id);
    return { people: list, unassigned };
  }

  /** The faces on one catalogued photo. */
  facesOfFile(fileId: number): FaceOnPhoto[] {
    const rows = this.repo.ofFile(fileId);
    const names = new Map(this.repo.people().map((p) => [p.id, p.name]));
    const members = new Map<number, ClusterFace[]>();
    const clusterable = rows.some((r) => r.person_id !== null) ? this.clusterable() : [];
    for (const f of clusterable) {
      if (f.personId === null) continue;
      let list = members.get(f.personId);
      if (!list) members.set(f.personId, (list = []));
      list.push(f);
    }
    return rows.map((r) => {
      let confidence: number | null = null;
      if (r.person_id !== null) {
        if (r.assigned_by === 'user') confidence = 1;
        else {
          const own = this.repo.descriptorOf(r.id);
          const others = (members.get(r.person_id) ?? []).filter((m) => m.id !== r.id).map((m) => m.descriptor);
          confidence = own ? faceConfidence(topMean(own, others, 3)) : null;
        }
      }
      return { id: r.id, box: boxOf(r), person: r.person_id, name: r.person_id === null ? null : names.get(r.person_id) ?? null, confidence, quality: r.quality };
    });
  }

  /** Unknown faces that look like a named person, most confident first. */
  suggestions(limit = 100): Suggestion[] {
    const faces = this.clusterable();
    const named = new Map(this.repo.people().filter((p) => p.name !== null && !p.hidden).map((p) => [p.id, p.name!]));
    const byPerson = new Map<number, Float32Array[]>();
    for (const f of faces) {
      if (f.personId === null || !named.has(f.personId)) continue;
      let list = byPerson.get(f.personId);
      if (!list) byPerson.set(f.personId, (list = []));
      list.push(f.descriptor);
    }
    const rejections = this.repo.rejections();
    const out: (Omit<Suggestion, 'fileId' | 'path' | 'box' | 'confidence'> & { similarity: number })[] = [];
    for (const f of faces) {
      if (f.personId !== null) continue;
      let best: { person: number; score: number } | null = null;
      for (const [person, descriptors] of byPerson) {
        if (rejections.get(f.id)?.has(person)) continue;
        const s = topMean(f.descriptor, descriptors, 3);
        if (!best || s > best.score) best = { person, score: s };
      }
      if (best && best.score >= SUGGEST_MIN) out.push({ faceId: f.id, person: best.person, name: named.get(best.person)!, similarity: best.score });
    }
    // ordered by the similarity itself: the shown confidence is monotone in it but ties at its cap
    out.sort((a, b) => b.similarity - a.similarity || a.faceId - b.faceId);
    return out.slice(0, limit).map(({ similarity, ...s }) => {
      const row = this.repo.byId(s.faceId)!;
      return { ...s, confidence: faceConfidence(similarity), fileId: row.file_id, path: this.deps.files.byId(row.file_id)?.path ?? '', box: boxOf(row) };
    });
  }

  /** Files that show a (not hidden) person the search word `term` names (person-name-match.ts): the search hook. */
  fileIdsNamed(term: string): number[] {
    return this.repo.fileIdsOfPeopleNamed(term);
  }

  /** Whether `term` names a hidden person (whose photos search leaves out). */
  namesHidden(term: string): boolean {
    return this.repo.peopleNamed(term, true).length > 0;
  }

  /** The face of the person `term` names on each of `fileIds` that shows them (boxes in displayed pixels): a search
   *  result's square thumbnail centres on it. */
  facesNamed(term: string, fileIds: readonly number[]): Map<number, Box> {
    return new Map([...this.repo.facesOfPeopleNamed(term, fileIds)].map(([id, f]) => [id, boxOf(f)]));
  }

  /** Who a face outside the library is, by the same rule that puts a face into a person (box scaled by `scale`). */
  identify(face: DetectedFace, scale: number): FaceOnPhoto {
    const box = face.box.map((v) => Math.round(v * scale)) as Box;
    const quality = faceQuality(face);
    const none: FaceOnPhoto = { id: null, box, person: null, name: null, confidence: null, quality };
    if (quality !== 'ok' || !face.descriptor) return none;
    const descriptor = face.descriptor;
    const params = this.deps.params ?? DEFAULT_GROUPING;
    const byPerson = new Map<number, Float32Array[]>();
    for (const f of face.model === FACE_MODEL_VERSION ? this.clusterable() : this.repo.clusterable(face.model)) {
      if (f.personId === null) continue;
      let list = byPerson.get(f.personId);
      if (!list) byPerson.set(f.personId, (list = []));
      list.push(f.descriptor);
    }
    const links = new Map([...byPerson].map(([person, ds]) => [person, ds.map((d) => dotOf(descriptor, d)).filter((s) => s >= params.joinSimilarity)]));
    const chosen = pickPerson(links, params);
    const p = chosen === null ? undefined : this.repo.person(chosen);
    if (!p || p.hidden) return none;
    return { ...none, person: p.id, name: p.name, confidence: faceConfidence(topMean(descriptor, byPerson.get(p.id)!, 3)) };
  }

  // ---- the user's decisions ------------------------------------------------------------------------------------

  /**
   * One name, one person: "Who is this?", imported names and search find a person by name, so a second person of the
   * same name would leave them to pick one (trial 11). Two people who are one are merged; two who are not need names
   * that tell them apart.
   */
  name(personId: number, name: string): void {
    this.person(personId);
    const clean = personName(name);
    const other = this.repo.personByName(clean);
    if (other && other.id !== personId) {
      throw new LibraryError('invalid', `Person ${other.id} is already named ${clean}: if they are one person, merge them (people merge ${other.id} ${personId}); if not, give this one a name that tells them apart.`, {
        sentence: { key: 'name-taken', params: { name: clean } },
      });
    }
    this.repo.setName(personId, clean);
  }

  /**
   * Refuses a merge before any of it is done: a person merged with itself or with nobody, or people who are on one
   * photo together. Those are two people (assign() refuses a second face of a person on a photo for the same reason);
   * a merge of them, a slip in a selection, made a "person" with two faces on one photo (trial 11).
   */
  checkMerge(into: number, others: readonly number[]): void {
    for (const id of [into, ...others]) this.person(id);
    if (others.includes(into)) throw new LibraryError('invalid', 'A person cannot be merged with itself.');
    const shared = this.repo.sharedPhoto([into, ...others]);
    if (shared) {
      throw new LibraryError('invalid', `People ${[into, ...others].join(' and ')} are on one photo together (${shared}), so they are two people; if one of those faces is someone else, mark it "not this person" first.`, {
        sentence: { key: 'people-on-one-photo', params: { photo: path.basename(shared) } },
      });
    }
  }

  /** Merges `from` into `into`; the merged person keeps `into`'s id and name (or `from`'s when `into` has none). */
  merge(into: number, from: number): void {
    this.checkMerge(into, [from]);
    const a = this.person(into);
    const b = this.person(from);
    if (a.name === null && b.name !== null) this.repo.setName(into, b.name);
    this.repo.mergePeople(into, from);
  }

  /** Moves faces out of a person into a new one (returned); they will never be put back into the old one. */
  split(personId: number, faceIds: readonly number[]): number {
    this.person(personId);
    if (faceIds.length === 0) throw new LibraryError('invalid', 'Choose at least one face to move out.');
    for (const id of faceIds) {
      const f = this.face(id);
      if (f.person_id !== personId) throw new LibraryError('not-found', `Face ${id} is not one of person ${personId}'s faces.`);
    }
    const created = this.repo.createPerson();
    for (const id of faceIds) this.repo.reject(id, personId);
    this.repo.assign(faceIds, created, 'user');
    this.repo.deleteEmptyUnnamedPeople();
    return created;
  }

  /** "Not this person": the face leaves the person and is never put back or suggested for it. */
  reject(faceId: number, personId?: number): void {
    const f = this.face(faceId);
    const person = personId ?? f.person_id;
    if (person === null || person === undefined) throw new LibraryError('invalid', `Face ${faceId} belongs to nobody.`);
    this.repo.reject(faceId, person);
    if (f.person_id === person) this.repo.assign([faceId], null, null);
    this.repo.deleteEmptyUnnamedPeople();
  }

  /** Puts a face into a person (a confirmed suggestion, or the user's own choice): final. */
  assign(faceId: number, personId: number): void {
    this.person(personId);
    const f = this.face(faceId);
    const clash = this.repo.ofFile(f.file_id).find((o) => o.id !== faceId && o.person_id === personId);
    if (clash) {
      const name = this.repo.person(personId)?.name ?? '';
      throw new LibraryError('invalid', `Person ${personId}${name ? ` (${name})` : ''} already has face ${clash.id} on this photo.`, {
        sentence: { key: 'person-on-photo', params: { name } },
      });
    }
    this.repo.assign([faceId], personId, 'user');
  }

  /**
   * "Who is this?" answered on one face: it goes to the person of that name, or to a new person so named. The only
   * way to name a face grouping left alone (a person in fewer than 3 photos, or faces too far apart to group), and
   * what makes later faces of that person suggestions. A face moved from another person is never put back there.
   */
  nameFace(faceId: number, name: string): number {
    const f = this.face(faceId);
    const clean = personName(name);
    const existing = this.repo.personByName(clean);
    if (existing && existing.id === f.person_id) return existing.id;
    let person: number;
    if (existing) {
      person = existing.id;
      this.assign(faceId, person);
    } else {
      person = this.repo.createPerson(clean);
      this.repo.assign([faceId], person, 'user');
    }
    if (f.person_id !== null) this.repo.reject(faceId, f.person_id);
    this.repo.deleteEmptyUnnamedPeople();
    return person;
  }

  hide(personId: number, hidden = true): void {
    this.person(personId);
    this.repo.setHidden(personId, hidden);
  }

  /** A face the detector missed, drawn by the user (box in displayed-photo pixels). */
  async addFace(fileId: number, box: Box, personId?: number): Promise<number> {
    const file = this.deps.files.byId(fileId);
    if (!file) throw new LibraryError('not-found', `There is no photo ${fileId} in the library.`);
    if (!(box[2] >= 4 && box[3] >= 4) || box.some((v) => !Number.isFinite(v))) throw new LibraryError('invalid', 'A face box needs a width and height of at least 4 pixels.');
    if (personId !== undefined) this.person(personId);
    const { image, scale } = await this.deps.loadImage(file.path);
    // a box may run over an edge (a face cut by the frame), but most of it must be on the photo: a mistyped box is
    // no face to keep
    const [width, height] = [image.width * scale, image.height * scale];
    if (!(insideShare(box, [0, 0, width, height]) >= 0.5)) {
      throw new LibraryError('invalid', `The face box ${box.join(',')} is not on the photo (${Math.round(width)} × ${Math.round(height)} pixels as displayed).`);
    }
    const d = await this.deps.describeBox(image, [box[0] / scale, box[1] / scale, box[2] / scale, box[3] / scale]);
    const id = this.repo.insert(file.id, file.content_hash, 'manual', {
      box,
      landmarks: d.landmarks.map(([x, y]) => [x * scale, y * scale]),
      score: 1,
      sharpness: d.sharpness,
      eyeDistance: d.eyeDistance,
      // the user says it is a face: only its size and sharpness can keep it out of grouping
      quality: faceQuality({ ...d, score: 1 }),
      descriptor: d.descriptor,
      model: d.model,
    });
    if (personId !== undefined) this.repo.assign([id], personId, 'user');
    return id;
  }

  /** "Not a face": a drawn face is deleted; a detected one is remembered as removed so no re-run brings it back. */
  removeFace(faceId: number): void {
    const f = this.face(faceId);
    if (f.source === 'detected') this.repo.setRemoved(faceId, true);
    else this.repo.deleteFace(faceId);
    this.repo.deleteEmptyUnnamedPeople();
  }

  private person(id: number) {
    const p = this.repo.person(id);
    if (!p) throw new LibraryError('not-found', `There is no person ${id}.`);
    return p;
  }

  private face(id: number): FaceRow {
    const f = this.repo.byId(id);
    if (!f || f.removed) throw new LibraryError('not-found', `There is no face ${id}.`);
    return f;
  }
}

export function boxOf(f: Pick<FaceRow, 'x' | 'y' | 'w' | 'h'>): Box {
  return [Math.round(f.x), Math.round(f.y), Math.round(f.w), Math.round(f.h)];
}

function dotOf(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function topMean(q: Float32Array, others: readonly Float32Array[], k: number): number {
  const sims = others.map((o) => {
    let s = 0;
    for (let i = 0; i < q.length; i++) s += q[i] * o[i];
    return s;
  }).sort((a, b) => b - a).slice(0, k);
  return sims.length ? sims.reduce((a, b) => a + b, 0) / sims.length : 0;
}

export type { ClusterFace };

/** The rejections as a string, to tell whether any changed since the last grouping. */
function rejectionsKey(rejections: ReadonlyMap<number, ReadonlySet<number>>): string {
  return [...rejections].map(([face, people]) => `${face}:${[...people].sort((a, b) => a - b).join(',')}`).sort().join(';');
}
