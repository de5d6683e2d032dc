import type { CatalogDb } from '../catalog/database.js';
import { fromBlob, inChunks, toBlob } from '../catalog/sql-values.js';
import { nextUnreusedId, saveNextUnreusedId } from '../catalog/unreused-ids.js';
import { iou, type Point } from './face-geometry.js';
import { DEFAULT_GROUPING } from './face-grouping.js';
import { nameMatchesTerm } from './person-name-match.js';

export type FaceSource = 'detected' | 'manual' | 'imported';
export type FaceQuality = 'ok' | 'small' | 'blurred';
export type Box = [number, number, number, number];

/** A face to store, box and landmarks already in displayed-photo pixels. */
export interface FaceInput {
  box: Box;
  landmarks: Point[] | null;
  score: number;
  sharpness: number | null;
  eyeDistance: number | null;
  quality: FaceQuality;
  descriptor: Float32Array | null;
  model: string | null;
  importedName?: string | null;
}

export interface FaceRow {
  id: number;
  file_id: number;
  content_hash: string;
  source: FaceSource;
  x: number; y: number; w: number; h: number;
  landmarks: string | null;
  score: number;
  sharpness: number | null;
  eye_distance: number | null;
  quality: FaceQuality;
  model: string | null;
  person_id: number | null;
  assigned_by: 'auto' | 'user' | null;
  removed: number;
  imported_name: string | null;
}

export interface PersonRow {
  id: number;
  name: string | null;
  hidden: number;
  created_at: number;
}

/** A face as grouping sees it. */
export interface ClusterFace {
  id: number;
  fileId: number;
  personId: number | null;
  assignedBy: 'auto' | 'user' | null;
  /** the detector's score (1 for a face the user drew): how sure it is that this is a face at all */
  score: number;
  descriptor: Float32Array;
}

export interface ClusterableRow {
  id: number;
  file_id: number;
  person_id: number | null;
  assigned_by: 'auto' | 'user' | null;
  score: number;
  content_hash: string;
}

/** The faces grouping works on: shown, good enough, described by the given model version. */
const CLUSTERABLE = `removed = 0 AND quality = 'ok' AND model = ? AND descriptor IS NOT NULL`;

/** How much a new detection must overlap an old one to be taken for the same face (and inherit its decisions). */
const SAME_FACE_IOU = 0.4;

/**
 * Below this cosine a new detection is another person than the old face it overlaps, whatever the overlap: a photo
 * replaced by a different one under the same name (trial 36: a portrait overwritten by one of someone else gave the
 * stranger the old face's name, and so the named person a stranger's face). The grouping's own "same person" link
 * (face-grouping.ts joinSimilarity); an edit of the same picture (re-saved, rotated, brightened) stays far above it.
 */
const SAME_PERSON_COSINE = DEFAULT_GROUPING.joinSimilarity;

/** Whether two descriptors can be told apart as different people (both there, of one model) and are. */
function otherPerson(face: FaceInput, old: { model: string | null; descriptor: Buffer | null }): boolean {
  if (!face.descriptor || !old.descriptor || face.model !== old.model) return false;
  const d = fromBlob(old.descriptor);
  if (d.length !== face.descriptor.length) return false;
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < d.length; i++) {
    dot += d[i] * face.descriptor[i];
    na += d[i] * d[i];
    nb += face.descriptor[i] * face.descriptor[i];
  }
  return na > 0 && nb > 0 && dot / Math.sqrt(na * nb) < SAME_PERSON_COSINE;
}

const FACE_COLUMNS = `f.id, f.file_id, f.content_hash, f.source, f.x, f.y, f.w, f.h, f.landmarks, f.score, f.sharpness,
  f.eye_distance, f.quality, f.model, f.person_id, f.assigned_by, f.removed, f.imported_name`;

/** Data access for faces, people and the user's "not this person" decisions. */
export class FaceRepository {
  constructor(private readonly db: CatalogDb) {}

  /**
   * Replaces what the detector found in a file. A new detection that overlaps an old face takes that face's row
   * (its id, person, who assigned it, "removed", rejections): a re-run or a new model never undoes a decision. Not
   * where their descriptors (of one model) say another person is there now (otherPerson): the detection is a face of
   * its own, and the old one goes as any face no longer found.
   * Old detections that are gone are deleted unless the user decided something about them (those stay as they are).
   * Faces the user drew or that were imported are never touched here.
   */
  replaceDetected(fileId: number, contentHash: string, faces: FaceInput[]): number[] {
    return this.db.transaction(() => {
      const old = this.db
        .prepare(`SELECT ${FACE_COLUMNS}, f.descriptor FROM faces f WHERE f.file_id = ? AND f.source = 'detected'`)
        .all(fileId) as (FaceRow & { descriptor: Buffer | null })[];
      const taken = new Set<number>();
      const ids: number[] = [];
      const byOverlap = faces.map((face, i) => ({ face, i })).sort((a, b) => b.face.score - a.face.score);
      for (const { face } of byOverlap) {
        let best: (typeof old)[number] | null = null;
        let bestIou = SAME_FACE_IOU;
        for (const o of old) {
          if (taken.has(o.id) || otherPerson(face, o)) continue;
          const v = iou(face.box, [o.x, o.y, o.w, o.h]);
          if (v >= bestIou) { best = o; bestIou = v; }
        }
        if (best) {
          taken.add(best.id);
          this.update(best.id, contentHash, face);
          ids.push(best.id);
        } else {
          ids.push(this.insert(fileId, contentHash, 'detected', face));
        }
      }
      for (const o of old) {
        if (taken.has(o.id)) continue;
        if (o.assigned_by === 'user' || o.removed) continue;
        this.db.prepare('DELETE FROM faces WHERE id = ?').run(o.id);
      }
      return ids;
    })();
  }

  insert(fileId: number, contentHash: string, source: FaceSource, f: FaceInput): number {
    const r = this.db
      .prepare(
        `INSERT INTO faces (file_id, content_hash, source, x, y, w, h, landmarks, score, sharpness, eye_distance, quality,
           descriptor, model, imported_name)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(fileId, contentHash, source, ...f.box, f.landmarks ? JSON.stringify(f.landmarks) : null, f.score, f.sharpness,
        f.eyeDistance, f.quality, f.descriptor ? toBlob(f.descriptor) : null, f.model, f.importedName ?? null);
    return Number(r.lastInsertRowid);
  }

  private update(id: number, contentHash: string, f: FaceInput): void {
    this.db
      .prepare(
        `UPDATE faces SET content_hash = ?, x = ?, y = ?, w = ?, h = ?, landmarks = ?, score = ?, sharpness = ?,
           eye_distance = ?, quality = ?, descriptor = ?, model = ?, imported_name = COALESCE(?, imported_name) WHERE id = ?`,
      )
      .run(contentHash, ...f.box, f.landmarks ? JSON.stringify(f.landmarks) : null, f.score, f.sharpness, f.eyeDistance,
        f.quality, f.descriptor ? toBlob(f.descriptor) : null, f.model, f.importedName ?? null, id);
  }

  byId(id: number): FaceRow | undefined {
    return this.db.prepare(`SELECT ${FACE_COLUMNS} FROM faces f WHERE f.id = ?`).get(id) as FaceRow | undefined;
  }

  /** The faces shown for a file (removed ones left out), left to right. */
  ofFile(fileId: number): FaceRow[] {
    return this.db
      .prepare(`SELECT ${FACE_COLUMNS} FROM faces f WHERE f.file_id = ? AND f.removed = 0 ORDER BY f.x, f.y`)
      .all(fileId) as FaceRow[];
  }

  /** Every shown face of every current file, with its path (the people listing). */
  allShown(): (FaceRow & { path: string })[] {
    return this.db
      .prepare(
        `SELECT ${FACE_COLUMNS}, fl.path FROM faces f JOIN files fl ON fl.id = f.file_id
         WHERE f.removed = 0 ORDER BY fl.path, f.x, f.y`,
      )
      .all() as (FaceRow & { path: string })[];
  }

  /** Faces grouping may use: shown, good enough, described by the current model. */
  clusterable(model: string): ClusterFace[] {
    return this.clusterableWhere('', model);
  }

  /** The clusterable faces of one file. */
  clusterableOfFile(fileId: number, model: string): ClusterFace[] {
    return this.clusterableWhere('AND file_id = ?', model, fileId);
  }

  private clusterableWhere(filter: string, model: string, ...args: number[]): ClusterFace[] {
    const rows = this.db
      .prepare(`SELECT id, file_id, person_id, assigned_by, score, descriptor FROM faces WHERE ${CLUSTERABLE} ${filter} ORDER BY id`)
      .all(model, ...args) as (Omit<ClusterableRow, 'content_hash'> & { descriptor: Buffer })[];
    return rows.map((r) => ({ id: r.id, fileId: r.file_id, personId: r.person_id, assignedBy: r.assigned_by, score: r.score, descriptor: fromBlob(r.descriptor) }));
  }

  /** The clusterable faces without their descriptors (no blobs read: cheap for a large library), with the content
   *  hash their descriptor was computed from. */
  clusterableRows(model: string): ClusterableRow[] {
    return this.db
      .prepare(`SELECT id, file_id, person_id, assigned_by, score, content_hash FROM faces WHERE ${CLUSTERABLE} ORDER BY id`)
      .all(model) as ClusterableRow[];
  }

  /** The descriptors of some faces (those without one are left out). */
  descriptorsOf(ids: readonly number[]): Map<number, Float32Array> {
    const out = new Map<number, Float32Array>();
    inChunks(ids, (chunk, marks) => {
      const rows = this.db
        .prepare(`SELECT id, descriptor FROM faces WHERE descriptor IS NOT NULL AND id IN (${marks})`)
        .all(...chunk) as { id: number; descriptor: Buffer }[];
      for (const r of rows) out.set(r.id, fromBlob(r.descriptor));
    });
    return out;
  }

  /** Faces whose file names them (XMP) and that belong to nobody yet. */
  unassignedImported(): { id: number; file_id: number; imported_name: string }[] {
    return this.db
      .prepare(`SELECT id, file_id, imported_name FROM faces WHERE imported_name IS NOT NULL AND person_id IS NULL AND removed = 0 ORDER BY id`)
      .all() as { id: number; file_id: number; imported_name: string }[];
  }

  descriptorOf(faceId: number): Float32Array | null {
    const r = this.db.prepare('SELECT descriptor FROM faces WHERE id = ?').get(faceId) as { descriptor: Buffer | null } | undefined;
    return r?.descriptor ? fromBlob(r.descriptor) : null;
  }

  assign(faceIds: readonly number[], personId: number | null, by: 'auto' | 'user' | null): void {
    const stmt = this.db.prepare('UPDATE faces SET person_id = ?, assigned_by = ? WHERE id = ?');
    this.db.transaction(() => { for (const id of faceIds) stmt.run(personId, by, id); })();
  }

  setRemoved(faceId: number, removed: boolean): void {
    this.db.prepare('UPDATE faces SET removed = ?, person_id = CASE WHEN ? THEN NULL ELSE person_id END WHERE id = ?')
      .run(removed ? 1 : 0, removed ? 1 : 0, faceId);
  }

  /**
   * The photo's pixels moved (it was cropped, resized or turned, library/edited-copies.ts): every face's box moves with
   * them, so that the faces found again on the new pixels overlap the old ones and take their decisions
   * (replaceDetected). A face the edit cut away (`to` gives null) goes. Landmarks are dropped: the new detection has
   * its own, a drawn face none.
   */
  moveBoxes(fileId: number, to: (box: Box) => Box | null): void {
    const faces = this.db.prepare('SELECT id, x, y, w, h FROM faces WHERE file_id = ?').all(fileId) as { id: number; x: number; y: number; w: number; h: number }[];
    const move = this.db.prepare('UPDATE faces SET x = ?, y = ?, w = ?, h = ?, landmarks = NULL WHERE id = ?');
    const drop = this.db.prepare('DELETE FROM faces WHERE id = ?');
    for (const f of faces) {
      const box = to([f.x, f.y, f.w, f.h]);
      if (box) move.run(...box, f.id);
      else drop.run(f.id);
    }
  }

  /**
   * A row of the same picture goes (library/edited-copy-service.ts: a photo moved and edited, whose new file's row the
   * user already worked on): its faces that hold a decision of the user's (a name or person given by hand, "not a
   * face", "not this person", a face drawn or imported) go to `intoId`, whose boxes are in the same pixels by now
   * (moveBoxes). An old face of `intoId` on the same spot gives way to it, the decisions merged, the carried face's
   * winning (made on the pixels the user has now, after the old ones): the old one's name where the carried one has
   * none and does not refuse it, every "not this person" of both. The carried row's other faces go with it: the face stage finds them again.
   */
  carryDecisions(fromId: number, intoId: number): void {
    const decided = this.db
      .prepare(
        `SELECT ${FACE_COLUMNS} FROM faces f WHERE f.file_id = ? AND (f.assigned_by = 'user' OR f.removed = 1 OR f.source <> 'detected'
           OR EXISTS (SELECT 1 FROM face_rejections r WHERE r.face_id = f.id))`,
      )
      .all(fromId) as FaceRow[];
    if (decided.length === 0) return;
    const old = this.db.prepare(`SELECT ${FACE_COLUMNS} FROM faces f WHERE f.file_id = ?`).all(intoId) as FaceRow[];
    const gone = new Set<number>();
    for (const d of decided) {
      for (const o of old) {
        if (gone.has(o.id) || iou([d.x, d.y, d.w, d.h], [o.x, o.y, o.w, o.h]) < SAME_FACE_IOU) continue;
        gone.add(o.id);
        const refused = this.db.prepare('SELECT 1 FROM face_rejections WHERE face_id = ? AND person_id = ?').get(d.id, o.person_id);
        if (d.assigned_by !== 'user' && !d.removed && o.assigned_by === 'user' && !refused) this.assign([d.id], o.person_id, 'user');
        if (!d.removed && d.assigned_by !== 'user' && o.removed) this.setRemoved(d.id, true);
        this.db.prepare('INSERT OR IGNORE INTO face_rejections (face_id, person_id) SELECT ?, person_id FROM face_rejections WHERE face_id = ?').run(d.id, o.id);
        this.db.prepare('DELETE FROM faces WHERE id = ?').run(o.id);
      }
      this.db.prepare('UPDATE faces SET file_id = ? WHERE id = ?').run(intoId, d.id);
    }
  }

  /** Manual and imported faces can be deleted outright; detected ones are only marked (see setRemoved). */
  deleteFace(faceId: number): void {
    this.db.prepare('DELETE FROM faces WHERE id = ?').run(faceId);
  }

  reject(faceId: number, personId: number): void {
    this.db.prepare('INSERT OR IGNORE INTO face_rejections (face_id, person_id) VALUES (?, ?)').run(faceId, personId);
  }

  /** face id -> the people it must never join */
  rejections(): Map<number, Set<number>> {
    const out = new Map<number, Set<number>>();
    for (const r of this.db.prepare('SELECT face_id, person_id FROM face_rejections').all() as { face_id: number; person_id: number }[]) {
      let s = out.get(r.face_id);
      if (!s) out.set(r.face_id, (s = new Set()));
      s.add(r.person_id);
    }
    return out;
  }

  // ---- people ------------------------------------------------------------------------------------------------

  /** A new person, under an id never handed out before (a merged-away person's id names nobody else later). */
  createPerson(name: string | null = null, now = Date.now()): number {
    const id = nextUnreusedId(this.db, 'people');
    this.db.prepare('INSERT INTO people (id, name, created_at) VALUES (?, ?, ?)').run(id, name, now);
    saveNextUnreusedId(this.db, 'people', id + 1);
    return id;
  }

  person(id: number): PersonRow | undefined {
    return this.db.prepare('SELECT id, name, hidden, created_at FROM people WHERE id = ?').get(id) as PersonRow | undefined;
  }

  people(): PersonRow[] {
    return this.db.prepare('SELECT id, name, hidden, created_at FROM people ORDER BY id').all() as PersonRow[];
  }

  personByName(name: string): PersonRow | undefined {
    return this.db.prepare('SELECT id, name, hidden, created_at FROM people WHERE name = ? ORDER BY id LIMIT 1').get(name) as PersonRow | undefined;
  }

  setName(id: number, name: string | null): void {
    this.db.prepare('UPDATE people SET name = ? WHERE id = ?').run(name, id);
  }

  setHidden(id: number, hidden: boolean): void {
    this.db.prepare('UPDATE people SET hidden = ? WHERE id = ?').run(hidden ? 1 : 0, id);
  }

  /** Moves every face and rejection of `from` to `into` and deletes `from` (in one transaction). */
  mergePeople(into: number, from: number): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE faces SET person_id = ? WHERE person_id = ?').run(into, from);
      this.db.prepare('INSERT OR IGNORE INTO face_rejections (face_id, person_id) SELECT face_id, ? FROM face_rejections WHERE person_id = ?').run(into, from);
      this.db.prepare('DELETE FROM people WHERE id = ?').run(from);
    })();
  }

  /** A photo (its path) on which two or more of these people have a face, if any. */
  sharedPhoto(personIds: readonly number[]): string | undefined {
    if (personIds.length < 2) return undefined;
    const row = this.db
      .prepare(
        `SELECT fl.path AS path FROM faces f JOIN files fl ON fl.id = f.file_id
         WHERE f.removed = 0 AND f.person_id IN (${personIds.map(() => '?').join(',')})
         GROUP BY f.file_id HAVING COUNT(DISTINCT f.person_id) > 1 LIMIT 1`,
      )
      .get(...personIds) as { path: string } | undefined;
    return row?.path;
  }

  /** People left without a single face (a split or removals emptied them), except named ones the user may refill. */
  deleteEmptyUnnamedPeople(): void {
    this.db.prepare('DELETE FROM people WHERE name IS NULL AND id NOT IN (SELECT person_id FROM faces WHERE person_id IS NOT NULL AND removed = 0)').run();
  }

  /** The named people (hidden ones, or the others) the search word `term` names (nameMatchesTerm). The people table is small: one
   *  row a person, read whole. */
  peopleNamed(term: string, hidden = false): number[] {
    const named = this.db.prepare('SELECT id, name FROM people WHERE hidden = ? AND name IS NOT NULL').all(hidden ? 1 : 0) as { id: number; name: string }[];
    return named.filter((p) => nameMatchesTerm(p.name, term)).map((p) => p.id);
  }

  /** Files showing a person the search word `term` names, hidden people left out. */
  fileIdsOfPeopleNamed(term: string): number[] {
    const people = this.peopleNamed(term);
    if (people.length === 0) return [];
    return (this.db
      .prepare(`SELECT DISTINCT file_id AS id FROM faces WHERE removed = 0 AND person_id IN (${people.map(() => '?').join(',')}) ORDER BY file_id`)
      .all(...people) as { id: number }[]).map((r) => r.id);
  }

  /** On each of `fileIds`, the largest face of a (not hidden) person the search word `term` names, by file id. */
  facesOfPeopleNamed(term: string, fileIds: readonly number[]): Map<number, Pick<FaceRow, 'x' | 'y' | 'w' | 'h'>> {
    const out = new Map<number, Pick<FaceRow, 'x' | 'y' | 'w' | 'h'>>();
    const people = this.peopleNamed(term);
    if (people.length === 0) return out;
    const who = people.map(() => '?').join(',');
    inChunks(fileIds, (chunk, marks) => {
      const rows = this.db
        .prepare(
          `SELECT file_id, x, y, w, h FROM faces
           WHERE removed = 0 AND person_id IN (${who}) AND file_id IN (${marks})
           ORDER BY w * h DESC, id`,
        )
        .all(...people, ...chunk) as { file_id: number; x: number; y: number; w: number; h: number }[];
      for (const r of rows) if (!out.has(r.file_id)) out.set(r.file_id, r);
    });
    return out;
  }
}
