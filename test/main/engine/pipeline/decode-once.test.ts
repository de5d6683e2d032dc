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
import { PreviewStage } from '../../../../src/main/engine/pipeline/preview-stage.js';
import { CopyQualityStage } from '../../../../src/main/engine/pipeline/copy-quality-stage.js';
import { CopyQualityRepository } from '../../../../src/main/engine/catalog/copy-quality-repository.js';
import { LocalCheckRepository } from '../../../../src/main/engine/catalog/local-check-repository.js';
import { QUICK_PREVIEW_EDGE, type Stage, type StageContext } from '../../../../src/main/engine/pipeline/stage.js';
import { isWholeJpeg } from '../../../../src/main/engine/cache/thumbnail-cache.js';
import { DEFAULT_PREVIEW_EDGE, SMALL_THUMB_EDGE, thumbnailPaths } from '../../../../src/main/engine/media/index.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

/** Records what a stage is handed: the scratch's decode, and whether the viewer image exists yet. */
class Probe implements Stage {
  readonly version = 1;
  readonly seen: { edge: number | null; medium: boolean }[] = [];
  constructor(readonly name: string, readonly pass: 'quick' | 'deep', private readonly thumbnails: string) {}
  async run({ file, scratch }: StageContext): Promise<void> {
    this.seen.push({
      edge: scratch.preview ? Math.max(scratch.preview.width, scratch.preview.height) : null,
      medium: isWholeJpeg(thumbnailPaths(this.thumbnails, file.content_hash).medium),
    });
  }
}

/** Counts the runs of the stage it wraps. */
function counted(stage: Stage): Stage & { runs: number } {
  const c = { name: stage.name, version: stage.version, pass: stage.pass, withPrevious: stage.withPrevious, runs: 0, run: (ctx: StageContext) => (c.runs++, stage.run(ctx)) };
  return c;
}

const edgeOf = async (file: string): Promise<number> => {
  const m = await sharp(file).metadata();
  return Math.max(m.width ?? 0, m.height ?? 0);
};

describe('decode once, as small as the quick pass needs; the viewer image lazily', () => {
  let tmp: { dir: string; cleanup: () => void };
  let db: CatalogDb;
  let lib: string;

  beforeEach(async () => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'Photos');
    fs.mkdirSync(lib);
    // a 2400 x 1600 photo: large enough for the viewer image to be 1280 px and the quick decode to be shrunk on load
    const noise = Buffer.alloc(96 * 64 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
    await sharp(noise, { raw: { width: 96, height: 64, channels: 3 } }).resize(2400, 1600).jpeg().toFile(path.join(lib, 'big.jpg'));
    db = openCatalogDb(path.join(tmp.dir, 'home'));
  });

  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  it('the quick pass hands every stage one small decode and writes only the grid thumbnail; the deep pass makes the viewer image first', async () => {
    const layout = homeLayout(path.join(tmp.dir, 'home'));
    const quick = new Probe('quickprobe', 'quick', layout.thumbnails);
    const deep = new Probe('deepprobe', 'deep', layout.thumbnails);
    const analyze = counted(new AnalyzeStage(layout.thumbnails));
    const warnings: string[] = [];
    const files = new FileRepository(db);
    const service = new LibraryService({
      files,
      folders: new FolderRepository(db),
      layout,
      stages: [analyze, quick, new PreviewStage(layout.thumbnails), deep],
      concurrency: 2,
      warn: (m) => warnings.push(m),
    });
    await service.addFolder(lib);

    await service.index(new Job('index'), { quick: true });
    expect(quick.seen).toEqual([{ edge: QUICK_PREVIEW_EDGE, medium: false }]);
    const row = files.byPath(path.join(lib, 'big.jpg'))!;
    const thumbs = thumbnailPaths(layout.thumbnails, row.content_hash);
    expect(await edgeOf(thumbs.small)).toBe(SMALL_THUMB_EDGE);
    expect(fs.existsSync(thumbs.medium)).toBe(false); // not made by the quick pass
    expect(service.status().pendingByStage).toMatchObject({ preview: 1, deepprobe: 1 });

    await service.index(new Job('index'));
    expect(files.errorsOf(row.id)).toEqual([]);
    expect(await edgeOf(thumbs.medium)).toBe(DEFAULT_PREVIEW_EDGE);
    expect(deep.seen).toEqual([{ edge: null, medium: true }]); // made before the deep stages after it
    expect(service.status().pendingByStage).toMatchObject({ preview: 0, deepprobe: 0 });

    // a lost viewer image is made again by the deep pass alone: the photo stays browsable, nothing else is redone
    fs.rmSync(thumbs.medium);
    await service.index(new Job('index'), { quick: true });
    expect(service.status().files).toBe(1);
    expect(service.status().pendingByStage).toMatchObject({ preview: 1, analyze: 0 });
    await service.index(new Job('index'));
    expect(isWholeJpeg(thumbs.medium)).toBe(true);
    expect(analyze.runs).toBe(1);
    expect(quick.seen).toHaveLength(1);
    expect(warnings.some((w) => /missing or damaged thumbnails/.test(w))).toBe(true);
  });

  it('the deep pass reads and decodes the original once for the viewer image and copy quality, which share a walk', async () => {
    const layout = homeLayout(path.join(tmp.dir, 'home'));
    const files = new FileRepository(db);
    const quality = new CopyQualityRepository(db);
    const original = path.join(lib, 'big.jpg');
    const away = path.join(tmp.dir, 'away.jpg');
    // The original is moved away as soon as the viewer image is made: copy quality, run right after it on the same
    // photo, succeeds only if it measures what the preview stage decoded instead of reading the file again.
    const preview = new PreviewStage(layout.thumbnails);
    const movingPreview: Stage = {
      name: preview.name,
      version: preview.version,
      pass: preview.pass,
      run: async (ctx) => {
        await preview.run(ctx);
        fs.renameSync(original, away);
      },
    };
    const copyQuality = counted(new CopyQualityStage({ quality, checks: new LocalCheckRepository(db) }));
    const service = new LibraryService({
      files,
      folders: new FolderRepository(db),
      layout,
      stages: [new AnalyzeStage(layout.thumbnails), movingPreview, copyQuality],
      concurrency: 1,
      warn: () => {},
    });
    await service.addFolder(lib);
    await service.index(new Job('index'), { quick: true });
    const row = files.byPath(original)!;
    await service.index(new Job('index'));
    expect(copyQuality.runs).toBe(1);
    expect(files.errorsOf(row.id)).toEqual([]);
    const shared = { quality: quality.of(row.id), keypoints: quality.keypointsOf(row.id) };
    expect(shared.quality).toBeDefined();
    expect(shared.keypoints?.xy.length).toBeGreaterThan(0);

    // the same measurement as a copy-quality stage that decodes the original itself (no preview stage before it)
    fs.renameSync(away, original);
    await new CopyQualityStage({ quality, checks: new LocalCheckRepository(db) }).run({ file: row, scratch: {}, signal: new AbortController().signal, recordTiming: () => {} });
    expect({ quality: quality.of(row.id), keypoints: quality.keypointsOf(row.id) }).toEqual(shared);
  });
});

