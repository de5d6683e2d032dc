// The face stage on a real catalog, with the face models at their boundary (the model process): the person boxes the
// quick pass kept for this content reach the models' second look; for a photo without them (indexed before they were
// kept, or changed since) the models are told they are unknown, so the model process finds them itself.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb, type CatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { FaceRepository } from '../../../../src/main/engine/faces/face-repository.js';
import { FaceStage, onPhoto } from '../../../../src/main/engine/faces/face-stage.js';
import { PersonBoxRepository } from '../../../../src/main/engine/faces/person-boxes.js';
import { FACE_MODEL_VERSION, type DetectedFace, type PersonBox } from '../../../../src/main/engine/faces/face-types.js';
import type { RgbImage } from '../../../../src/main/engine/media/rgb-image.js';
import { makeTempDir } from '../../../helpers/fixtures.js';
import { CLOSER_LOOK } from '../../../../src/main/engine/faces/closer-look.js';
import type { CloserCrop } from '../../../../src/main/engine/faces/face-types.js';
import path from 'node:path';
import sharp from 'sharp';

describe('FaceStage', () => {
  let tmp: { dir: string; cleanup: () => void };
  let db: CatalogDb;
  let files: FileRepository;
  let fileId: number;
  beforeEach(() => {
    tmp = makeTempDir();
    db = openCatalogDb(tmp.dir);
    files = new FileRepository(db);
    const folderId = new FolderRepository(db).insert('/photos').id;
    fileId = files.insert({ folder_id: folderId, path: '/photos/missing.jpg', size: 1000, mtime_ms: 1, content_hash: 'h1' });
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  it('gives the models the person boxes kept for this content, or none known', async () => {
    const persons = new PersonBoxRepository(db);
    const faces = new FaceRepository(db);
    const seen: (PersonBox[] | undefined)[] = [];
    const small: DetectedFace = {
      box: [40, 10, 8, 8], landmarks: [[42, 13], [46, 13], [44, 15], [44, 17]], score: 0.6, sharpness: 10, eyeDistance: 4, descriptor: null, model: FACE_MODEL_VERSION,
    };
    const stage = new FaceStage({
      faces,
      detect: (_image, people) => {
        seen.push(people);
        return Promise.resolve(people?.length ? [small] : []);
      },
      people: (file) => persons.of(file.id, file.content_hash),
      describe: () => Promise.reject(new Error('no face regions in this test')),
      thumbnailDir: tmp.dir,
      displayed: () => ({ width: 200, height: 100, orientation: 1 }),
    });
    const preview: RgbImage = { data: new Uint8Array(100 * 50 * 3), width: 100, height: 50, channels: 3 };
    const run = () => stage.run({ file: files.byId(fileId)!, scratch: { viewer: preview }, signal: new AbortController().signal, recordTiming: () => undefined });

    persons.save(fileId, 'h1', [{ box: [0.3, 0.1, 0.5, 0.9], score: 0.8 }]);
    await run();
    expect(seen[0]).toEqual([{ box: [0.3, 0.1, 0.5, 0.9], score: 0.8 }]);
    // stored in pixels of the photo as displayed (the preview is half its size), kept out of grouping
    const stored = db.prepare('SELECT x, y, w, h, quality FROM faces WHERE file_id = ?').all(fileId);
    expect(stored).toEqual([{ x: 80, y: 20, w: 16, h: 16, quality: 'small' }]);

    files.replaceContent(fileId, 1000, 2, 'h2'); // the file changed: its old person boxes are not its persons
    await run();
    expect(seen[1]).toBeUndefined();
  });

  it('gives the models the small heads of a large original, cut from it (the closer look)', async () => {
    // a 4000 x 2000 original read through its 1280 x 640 preview; a person box 19 px wide there (60 px in the original)
    const file = path.join(tmp.dir, 'large.jpg');
    await sharp({ create: { width: 4000, height: 2000, channels: 3, background: '#777' } }).jpeg().toFile(file);
    const largeId = files.insert({ folder_id: files.byId(fileId)!.folder_id, path: file, size: 1000, mtime_ms: 1, content_hash: 'h3' });
    const persons = new PersonBoxRepository(db);
    persons.save(largeId, 'h3', [{ box: [0.5, 0.3, 0.515, 0.4], score: 0.8 }]);
    const given: CloserCrop[][] = [];
    const stage = new FaceStage({
      faces: new FaceRepository(db),
      detect: (_image, _people, closer) => {
        given.push(closer);
        return Promise.resolve([]);
      },
      people: (f) => persons.of(f.id, f.content_hash),
      describe: () => Promise.reject(new Error('no face regions in this test')),
      thumbnailDir: tmp.dir,
      displayed: () => ({ width: 4000, height: 2000, orientation: 1 }),
    });
    const preview: RgbImage = { data: new Uint8Array(1280 * 640 * 3), width: 1280, height: 640, channels: 3 };
    await stage.run({ file: files.byId(largeId)!, scratch: { viewer: preview }, signal: new AbortController().signal, recordTiming: () => undefined });
    expect(given).toHaveLength(1);
    expect(given[0]).toHaveLength(1);
    expect(given[0][0].image.width).toBe(CLOSER_LOOK.size);
    expect(given[0][0].region[0]).toBeGreaterThan(630);
    expect(given[0][0].region[0]).toBeLessThan(660);
    // the grey original's pixels, not the preview's black
    expect(given[0][0].image.data[0]).toBeGreaterThan(100);
  });

  it('stores the part of a face box on the photo (a close-up cut by the frame), in the photo as displayed', async () => {
    const faces = new FaceRepository(db);
    // the detector's square around a face cut by the top and left edges of the preview
    const closeUp: DetectedFace = {
      box: [-8, -20, 60, 60], landmarks: [[12, 10], [32, 10], [22, 22], [22, 30]], score: 0.9, sharpness: 10, eyeDistance: 20, descriptor: null, model: FACE_MODEL_VERSION,
    };
    const stage = new FaceStage({
      faces,
      detect: () => Promise.resolve([closeUp]),
      people: () => null,
      describe: () => Promise.reject(new Error('no face regions in this test')),
      thumbnailDir: tmp.dir,
      displayed: () => ({ width: 200, height: 100, orientation: 1 }),
    });
    const preview: RgbImage = { data: new Uint8Array(100 * 50 * 3), width: 100, height: 50, channels: 3 };
    await stage.run({ file: files.byId(fileId)!, scratch: { viewer: preview }, signal: new AbortController().signal, recordTiming: () => undefined });
    expect(db.prepare('SELECT x, y, w, h FROM faces WHERE file_id = ?').all(fileId)).toEqual([{ x: 0, y: 0, w: 104, h: 80 }]);
    // past the right and bottom edges too; a box inside is kept as it is; an unknown size changes nothing
    expect(onPhoto([150, 60, 80, 80], 200, 100)).toEqual([150, 60, 50, 40]);
    expect(onPhoto([10, 10, 20, 20], 200, 100)).toEqual([10, 10, 20, 20]);
    expect(onPhoto([-5, 10, 20, 20], null, null)).toEqual([-5, 10, 20, 20]);
  });
});
