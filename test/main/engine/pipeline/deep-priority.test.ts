import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb, type CatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { homeLayout } from '../../../../src/main/engine/home.js';
import { Job } from '../../../../src/main/engine/jobs/job.js';
import { LibraryService } from '../../../../src/main/engine/library/library-service.js';
import { AnalyzeStage } from '../../../../src/main/engine/pipeline/analyze-stage.js';
import { DeepPriority } from '../../../../src/main/engine/pipeline/deep-priority.js';
import type { Stage, StageContext } from '../../../../src/main/engine/pipeline/stage.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

/** A deep stage that records the order it saw the photos in (by file name), and can act on each one. */
class RecordingDeepStage implements Stage {
  readonly pass = 'deep' as const;
  readonly name = 'faces';
  readonly version = 1;
  readonly seen: string[] = [];
  onRun: (ctx: StageContext) => void = () => {};
  async run(ctx: StageContext): Promise<void> {
    this.seen.push(path.basename(ctx.file.path));
    this.onRun(ctx);
  }
}

// Modified a day apart, in an order that is neither the names' nor the catalog's: p1 newest, p2 oldest.
const AGE_IN_DAYS: Record<string, number> = { 'p0.jpg': 3, 'p1.jpg': 1, 'p2.jpg': 5, 'p3.jpg': 2, 'p4.jpg': 4 };
const NEWEST_FIRST = ['p1.jpg', 'p3.jpg', 'p0.jpg', 'p4.jpg', 'p2.jpg'];

describe('the deep pass does what the user sees first', () => {
  let tmp: { dir: string; cleanup: () => void };
  let db: CatalogDb;
  let files: FileRepository;
  let lib: string;

  beforeEach(async () => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'Photos');
    fs.mkdirSync(lib);
    for (const [name, days] of Object.entries(AGE_IN_DAYS)) {
      const file = path.join(lib, name);
      await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: days * 40, g: 90, b: 30 } } }).jpeg().toFile(file);
      const when = new Date(Date.UTC(2024, 4, 20 - days, 12));
      fs.utimesSync(file, when, when);
    }
    db = openCatalogDb(path.join(tmp.dir, 'home'));
    files = new FileRepository(db);
  });

  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  async function quickIndexed(deep: Stage, priority: DeepPriority): Promise<LibraryService> {
    const layout = homeLayout(path.join(tmp.dir, 'home'));
    const service = new LibraryService({
      files,
      folders: new FolderRepository(db),
      layout,
      stages: [new AnalyzeStage(layout.thumbnails), deep],
      concurrency: 1, // one photo at a time: the order is the order taken
      warn: () => {},
      priority,
    });
    await service.addFolder(lib);
    await service.index(new Job('index'), { quick: true });
    return service;
  }

  it('walks the photos newest first, as the library grid shows them, not in catalog order', async () => {
    const faces = new RecordingDeepStage();
    const service = await quickIndexed(faces, new DeepPriority());
    await service.index(new Job('index'));
    expect(faces.seen).toEqual(NEWEST_FIRST);
  });

  it('takes a photo the user opens while it runs next, then goes on where it was', async () => {
    const faces = new RecordingDeepStage();
    const priority = new DeepPriority();
    const service = await quickIndexed(faces, priority);
    const idOf = (name: string): number => files.byPath(path.join(lib, name))!.id;
    // while the newest photo is being looked at closer, the user opens the oldest one, then the third newest
    faces.onRun = (ctx) => {
      if (path.basename(ctx.file.path) !== 'p1.jpg') return;
      priority.lookedAt(idOf('p2.jpg'));
      priority.lookedAt(idOf('p0.jpg'));
    };
    const heard: number[] = [];
    priority.onDone((id) => heard.push(id));
    await service.index(new Job('index'));
    // the last one opened first, then the one before it, then the rest in order; each photo once
    expect(faces.seen).toEqual(['p1.jpg', 'p0.jpg', 'p2.jpg', 'p3.jpg', 'p4.jpg']);
    // and a viewer hears when each photo opened is done, of no other
    expect(heard).toEqual([idOf('p0.jpg'), idOf('p2.jpg')]);
  });
});

describe('DeepPriority', () => {
  it('offers the photo opened last among those waiting, and forgets the oldest beyond its cap', () => {
    const priority = new DeepPriority(3);
    for (const id of [1, 2, 3, 2]) priority.lookedAt(id);
    expect(priority.first(new Set([1, 2, 3]))).toBe(2); // opened again: the latest
    expect(priority.first(new Set([1, 3]))).toBe(3);
    expect(priority.first(new Set([7]))).toBeUndefined();
    priority.lookedAt(4);
    priority.lookedAt(5); // the cap is 3: 2, 4 and 5 are remembered, 1 and 3 forgotten
    expect(priority.first(new Set([1, 3]))).toBeUndefined();
    expect(priority.first(new Set([1, 2]))).toBe(2);
  });
});
