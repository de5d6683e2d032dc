// A photo moved and edited whose new file's row the user already worked on (tagged, rated, put in an album, named a
// face...) before its old row took the new file over: the new row's decisions are merged into the old row's, the
// later decision winning where they disagree, instead of going with the new row. A real catalog file; each kind of
// decision the catalog holds by photo, written as the app writes it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb, type CatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { TagRepository } from '../../../../src/main/engine/catalog/tag-repository.js';
import { MarksRepository } from '../../../../src/main/engine/catalog/marks-repository.js';
import { LearnedTagRepository } from '../../../../src/main/engine/catalog/learned-tag-repository.js';
import { CopyQualityRepository } from '../../../../src/main/engine/catalog/copy-quality-repository.js';
import { UserDecisionsRepository } from '../../../../src/main/engine/catalog/user-decisions-repository.js';
import { DateRepository } from '../../../../src/main/engine/dates/date-repository.js';
import { PlaceRepository } from '../../../../src/main/engine/places/place-repository.js';
import { FaceRepository, type FaceInput } from '../../../../src/main/engine/faces/face-repository.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

const PLACE = { city: null, cityZh: null, region: null, regionZh: null, regionNames: [], countryZh: null, countryCode: null, cityId: null, offshoreKm: 0 };

describe('UserDecisionsRepository.carry and FaceRepository.carryDecisions: the new row goes, its decisions stay', () => {
  let tmp: { dir: string; cleanup: () => void };
  let db: CatalogDb;
  let files: FileRepository;
  let tags: TagRepository;
  let marks: MarksRepository;
  /** the row that went (the photo before the edit) and the new file's row (made by a stopped run) */
  let old = 0;
  let fresh = 0;
  /** carries as the edited-copy comparison does, then deletes the new row */
  const carry = () =>
    files.transaction(() => {
      new FaceRepository(db).carryDecisions(fresh, old);
      new UserDecisionsRepository(db).carry(fresh, old);
      files.delete(fresh);
    });
  const handTags = () =>
    (db.prepare("SELECT t.name, ft.removed FROM file_tags ft JOIN tags t ON t.id = ft.tag_id WHERE ft.file_id = ? AND ft.source = 'user' ORDER BY t.name").all(old) as {
      name: string;
      removed: number;
    }[]).map((r) => `${r.removed ? '-' : '+'}${r.name}`);

  beforeEach(() => {
    tmp = makeTempDir();
    db = openCatalogDb(tmp.dir);
    const folder = new FolderRepository(db).insert('/photos');
    files = new FileRepository(db);
    tags = new TagRepository(db);
    marks = new MarksRepository(db);
    old = files.insert({ folder_id: folder.id, path: '/photos/a.jpg', size: 1, mtime_ms: 1, content_hash: 'a' });
    fresh = files.insert({ folder_id: folder.id, path: '/photos/edited/a.jpg', size: 1, mtime_ms: 1, content_hash: 'b' });
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  it('hand tags and removals: both rows\' own, and per tag the later word', () => {
    tags.addUserTag(old, 'old only', 100);
    tags.addUserTag(fresh, 'new only', 200);
    tags.setAutoTags(fresh, [{ name: 'dog', nameZh: null, confidence: 0.9 }]);
    tags.removeUserTag(fresh, 'dog', 300); // hid an automatic tag on the copy
    // said on both: the old row later for "cat", the new row later for "sky"
    tags.setAutoTags(old, [{ name: 'cat', nameZh: null, confidence: 0.9 }, { name: 'sky', nameZh: null, confidence: 0.9 }]);
    tags.setAutoTags(fresh, [{ name: 'cat', nameZh: null, confidence: 0.9 }, { name: 'sky', nameZh: null, confidence: 0.9 }]);
    tags.removeUserTag(fresh, 'cat', 400);
    tags.addUserTag(old, 'cat', 500);
    tags.addUserTag(old, 'sky', 400);
    tags.removeUserTag(fresh, 'sky', 500);
    carry();
    expect(handTags()).toEqual(['+cat', '-dog', '+new only', '+old only', '-sky']);
  });

  it('learned-tag examples and answers: per tag, the later one', () => {
    const learned = new LearnedTagRepository(db);
    const bike = learned.saveModel(tags.ensureTag('bike'), '{}', 0.5, '{}');
    const boat = learned.saveModel(tags.ensureTag('boat'), '{}', 0.5, '{}');
    const car = learned.saveModel(tags.ensureTag('car'), '{}', 0.5, '{}');
    learned.setExample(bike, old, true, 100);
    learned.setExample(bike, fresh, false, 200); // "no" said later, on the copy
    learned.setExample(boat, old, false, 300); // "no" said later, on the old row
    learned.setExample(boat, fresh, true, 200);
    learned.setExample(car, fresh, true, 200);
    carry();
    const said = (id: number) => learned.examples(id).map((e) => [e.file_id, e.positive]);
    expect(said(bike)).toEqual([[old, 0]]);
    expect(said(boat)).toEqual([[old, 0]]);
    expect(said(car)).toEqual([[old, 1]]);
  });

  it('a keeper chosen among copies, albums, marks', () => {
    new CopyQualityRepository(db).chooseKeeper(fresh, [fresh]);
    const trip = marks.createAlbum('Trip');
    const best = marks.createAlbum('Best');
    marks.addToAlbum(trip, [old]);
    marks.addToAlbum(best, [fresh]);
    marks.setMarks([old], { rating: 3, label: 'red', favourite: false });
    marks.setMarks([fresh], { rating: 5, favourite: true });
    carry();
    expect(db.prepare('SELECT file_id FROM dup_keep_choice').all()).toEqual([{ file_id: old }]);
    expect(marks.albumsOf(old).map((a) => a.name)).toEqual(['Best', 'Trip']);
    expect(marks.marksOf(old)).toEqual({ favourite: true, rating: 5, label: 'red', rotation: 0 });
  });

  it('marks the new row does not hold leave the old row\'s as they are', () => {
    marks.setMarks([old], { rating: 4, label: 'green', favourite: true, rotation: 90 });
    carry();
    expect(marks.marksOf(old)).toEqual({ favourite: true, rating: 4, label: 'green', rotation: 90 });
  });

  it('a date and a place set by hand on the new row; a place from its GPS is not the user\'s', () => {
    const dates = new DateRepository(db);
    const places = new PlaceRepository(db);
    dates.setUser([{ id: fresh, takenAt: '2019-05-12T14:30:00' }]);
    places.save(old, 'gps', 1, 2, { ...PLACE, country: 'France' }, 'france');
    places.save(fresh, 'user', 3, 4, { ...PLACE, country: 'Japan' }, 'japan');
    carry();
    expect(db.prepare('SELECT taken_at, taken_at_source FROM files WHERE id = ?').get(old)).toEqual({ taken_at: '2019-05-12T14:30:00', taken_at_source: 'user' });
    expect(db.prepare('SELECT source, country FROM photo_places WHERE file_id = ?').get(old)).toEqual({ source: 'user', country: 'Japan' });
  });

  it('a place from the new row\'s GPS leaves the old row\'s hand-set place', () => {
    const places = new PlaceRepository(db);
    places.save(old, 'user', 1, 2, { ...PLACE, country: 'France' }, 'france');
    places.save(fresh, 'gps', 3, 4, { ...PLACE, country: 'Japan' }, 'japan');
    carry();
    expect(db.prepare('SELECT source, country FROM photo_places WHERE file_id = ?').get(old)).toEqual({ source: 'user', country: 'France' });
  });

  it('the undo of a clean-up that merged into the new row takes back from the old one', () => {
    db.prepare("INSERT INTO trash_log (batch, path, content_hash, item, user_tags, merged_into, trashed_at) VALUES ('b', '/photos/c.jpg', 'c', '{}', '[]', ?, 1)").run(fresh);
    carry();
    expect(db.prepare('SELECT merged_into FROM trash_log').get()).toEqual({ merged_into: old });
  });

  describe('faces', () => {
    const face = (x: number): FaceInput => ({ box: [x, 10, 50, 50], landmarks: null, score: 0.9, sharpness: 1, eyeDistance: 20, quality: 'ok', descriptor: null, model: 'm' });
    const person = (name: string) => Number(db.prepare('INSERT INTO people (name, created_at) VALUES (?, 1)').run(name).lastInsertRowid);
    const facesOf = (id: number) =>
      (db.prepare('SELECT f.x, p.name, f.assigned_by, f.removed FROM faces f LEFT JOIN people p ON p.id = f.person_id WHERE f.file_id = ? ORDER BY f.x').all(id) as object[]);

    it('a face named on the new row takes the old one\'s spot; an old name where the new row decided nothing stays', () => {
      const faces = new FaceRepository(db);
      const ann = person('Ann');
      const bob = person('Bob');
      const cy = person('Cy');
      // the old row: Ann at 0 (moved into the new pixels already), Bob at 200, an unnamed face at 400
      const [a0, b0] = faces.replaceDetected(old, 'a', [face(0), face(200), face(400)]);
      faces.assign([a0], ann, 'user');
      faces.assign([b0], bob, 'user');
      // the new row: the face at 0 renamed Cy by hand, the face at 400 said to be no face, one drawn at 600; 200 untouched
      const [n0, , n4] = faces.replaceDetected(fresh, 'b', [face(2), face(202), face(402)]);
      faces.assign([n0], cy, 'user');
      faces.reject(n0, ann);
      faces.setRemoved(n4, true);
      faces.insert(fresh, 'b', 'manual', face(600));
      carry();
      expect(facesOf(old)).toEqual([
        { x: 2, name: 'Cy', assigned_by: 'user', removed: 0 },
        { x: 200, name: 'Bob', assigned_by: 'user', removed: 0 },
        { x: 402, name: null, assigned_by: null, removed: 1 },
        { x: 600, name: null, assigned_by: null, removed: 0 },
      ]);
      expect(faces.rejections().get(n0)).toEqual(new Set([ann]));
    });

    it('a "not this person" on the new row keeps the old face\'s name', () => {
      const faces = new FaceRepository(db);
      const ann = person('Ann');
      const bob = person('Bob');
      const [a0] = faces.replaceDetected(old, 'a', [face(0)]);
      faces.assign([a0], ann, 'user');
      const [n0] = faces.replaceDetected(fresh, 'b', [face(0)]);
      faces.reject(n0, bob);
      carry();
      expect(facesOf(old)).toEqual([{ x: 0, name: 'Ann', assigned_by: 'user', removed: 0 }]);
      expect(faces.rejections().get(n0)).toEqual(new Set([bob]));
    });

    it('a "not this person" on the new row refuses the old face\'s name', () => {
      const faces = new FaceRepository(db);
      const ann = person('Ann');
      const [a0] = faces.replaceDetected(old, 'a', [face(0)]);
      faces.assign([a0], ann, 'user');
      const [n0] = faces.replaceDetected(fresh, 'b', [face(0)]);
      faces.reject(n0, ann);
      carry();
      expect(facesOf(old)).toEqual([{ x: 0, name: null, assigned_by: null, removed: 0 }]);
      expect(faces.rejections().get(n0)).toEqual(new Set([ann]));
    });
  });
});
