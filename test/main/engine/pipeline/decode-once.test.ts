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
import { DuplicateRepository } from '../../../../src/main/engine/catalog/duplicate-repository.js';
import { QUICK_PREVIEW_EDGE, type Stage, type StageContext } from '../../../../src/main/engine/pipeline/stage.js';
import { isWholeJpeg } from '../../../../src/main/engine/cache/thumbnail-cache.js';
import { DEFAULT_PREVIEW_EDGE, SMALL_THUMB_EDGE, thumbnailPaths } from '../../../../src/main/engine/media/index.js';
import { makeTempDir } from '../../../helpers/fixtures.js';
import type { TextConfirmResult, TextLineResult, TextLookResult } from '../../../../src/main/engine/inference/protocol.js';
import type { RgbImage } from '../../../../src/main/engine/media/rgb-image.js';
import { analyzePhoto, writeThumbnails } from '../../../../src/main/engine/media/index.js';
import { LOOK_EDGE } from '../../../../src/main/engine/text/text-models.js';
import { TextReader, type TextModels } from '../../../../src/main/engine/text/text-reader.js';
import { TextRepository } from '../../../../src/main/engine/text/text-repository.js';
import { TextStage } from '../../../../src/main/engine/text/text-stage.js';
import { FaceStage } from '../../../../src/main/engine/faces/face-stage.js';
import { FaceRepository } from '../../../../src/main/engine/faces/face-repository.js';

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

/** Text models faked at their seam: records the long edge of what the look and the confirmation get; the look always
 *  sees text, nothing confirms (the real models' decisions: test/main/engine/text, test/main/worker/text). */
function recordingTextModels() {
  const seen: { look: number[]; confirm: number[]; read: number } = { look: [], confirm: [], read: 0 };
  const box: [number, number][] = [[0.1, 0.1], [0.5, 0.1], [0.5, 0.2], [0.1, 0.2]];
  const models: TextModels = {
    textLook: (image: RgbImage): Promise<TextLookResult> => {
      seen.look.push(Math.max(image.width, image.height));
      return Promise.resolve({ hasText: true, peak: 1, candidates: [box] });
    },
    textConfirm: (image: RgbImage): Promise<TextConfirmResult> => {
      seen.confirm.push(Math.max(image.width, image.height));
      return Promise.resolve({ confirmed: false, text: null, turn: 0 });
    },
    textRead: (): Promise<TextLineResult[]> => {
      seen.read++;
      return Promise.resolve([]);
    },
  };
  return { models, seen };
}

/** The preview stage, then `after` on the same photo (before the next stage of its walk runs). */
function previewThen(thumbnails: string, after: (ctx: StageContext) => void): Stage {
  const preview = new PreviewStage(thumbnails);
  return {
    name: preview.name,
    version: preview.version,
    pass: preview.pass,
    run: async (ctx) => {
      await preview.run(ctx);
      after(ctx);
    },
  };
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

  /** Indexes big.jpg (the quick pass, then the deep one) with the analyse stage and `stages`; its row is read between
   *  the passes (a deep stage may move the file away). */
  async function indexWith(files: FileRepository, stages: Stage[]) {
    const layout = homeLayout(path.join(tmp.dir, 'home'));
    const service = new LibraryService({
      files,
      folders: new FolderRepository(db),
      layout,
      stages: [new AnalyzeStage(layout.thumbnails), ...stages],
      concurrency: 1,
      warn: () => {},
    });
    await service.addFolder(lib);
    await service.index(new Job('index'), { quick: true });
    const row = files.byPath(path.join(lib, 'big.jpg'))!;
    await service.index(new Job('index'));
    return { service, row };
  }

  /** The preview stage, after which both the viewer image it made and the original go away (the original to `away`):
   *  a stage run next on the same photo can only use what the preview stage decoded. */
  function vanishingAfterPreview(thumbnails: string) {
    const away = path.join(tmp.dir, 'away.jpg');
    let medium = '';
    const vanishingPreview = previewThen(thumbnails, (ctx) => {
      medium = thumbnailPaths(thumbnails, ctx.file.content_hash).medium;
      fs.rmSync(medium);
      fs.renameSync(path.join(lib, 'big.jpg'), away);
    });
    return { vanishingPreview, away, medium: () => medium };
  }

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
    const movingPreview = previewThen(layout.thumbnails, () => fs.renameSync(original, away));
    const copyQuality = counted(new CopyQualityStage({ quality, checks: new LocalCheckRepository(db), duplicates: new DuplicateRepository(db) }));
    const { row } = await indexWith(files, [movingPreview, copyQuality]);
    expect(copyQuality.runs).toBe(1);
    expect(files.errorsOf(row.id)).toEqual([]);
    const shared = { quality: quality.of(row.id), keypoints: quality.keypointsOf(row.id) };
    expect(shared.quality).toBeDefined();
    expect(shared.keypoints?.xy.length).toBeGreaterThan(0);

    // the same measurement as a copy-quality stage that decodes the original itself (no preview stage before it)
    fs.renameSync(away, original);
    await new CopyQualityStage({ quality, checks: new LocalCheckRepository(db), duplicates: new DuplicateRepository(db) }).run({ file: row, scratch: {}, signal: new AbortController().signal, recordTiming: () => {} });
    expect({ quality: quality.of(row.id), keypoints: quality.keypointsOf(row.id) }).toEqual(shared);
  });

  it('the text stage, in the same walk, looks at the preview stage\'s decode: the viewer image is not decoded again', async () => {
    const layout = homeLayout(path.join(tmp.dir, 'home'));
    const files = new FileRepository(db);
    // the text stage, run next on the same photo, can look and confirm only with what the preview stage decoded
    const { vanishingPreview, away, medium } = vanishingAfterPreview(layout.thumbnails);
    const { models, seen } = recordingTextModels();
    const text = new TextStage({ reader: new TextReader(models), repo: new TextRepository(db), thumbnailDir: layout.thumbnails });
    const { service, row } = await indexWith(files, [vanishingPreview, text]);

    expect(files.errorsOf(row.id)).toEqual([]);
    expect(service.status().pendingByStage).toMatchObject({ preview: 0, text: 0 });
    expect(seen.look).toEqual([LOOK_EDGE]); // the viewer-size decode, shrunk to the look's size
    expect(seen.confirm).toEqual([DEFAULT_PREVIEW_EDGE]); // the same decode, as it is
    expect(seen.read).toBe(0);

    // Without the preview stage's decode (a re-run, or the viewer image made earlier): the viewer thumbnail, the
    // original not needed.
    await writeThumbnails((await analyzePhoto(away, { mtimeMs: 0, previewEdge: DEFAULT_PREVIEW_EDGE })).preview, layout.thumbnails, row.content_hash);
    expect(fs.existsSync(medium())).toBe(true);
    await text.run({ file: row, scratch: {}, signal: new AbortController().signal, recordTiming: () => {} });
    expect(seen.look).toEqual([LOOK_EDGE, LOOK_EDGE]);
    expect(seen.confirm).toEqual([DEFAULT_PREVIEW_EDGE, DEFAULT_PREVIEW_EDGE]);
  });

  it('the face stage, last in the same walk, finds faces on the preview stage\'s decode: nothing is decoded again', async () => {
    const layout = homeLayout(path.join(tmp.dir, 'home'));
    const files = new FileRepository(db);
    const { vanishingPreview, away } = vanishingAfterPreview(layout.thumbnails);
    // the face models faked at their seam (the real ones: test/main/engine/faces): they record what they are shown
    const shown: number[] = [];
    const faces = new FaceStage({
      faces: new FaceRepository(db),
      detect: (image) => (shown.push(Math.max(image.width, image.height)), Promise.resolve([])),
      people: () => null,
      describe: () => Promise.reject(new Error('no region to describe')),
      thumbnailDir: layout.thumbnails,
      displayed: (id) => files.byId(id),
    });
    const text = new TextStage({ reader: new TextReader(recordingTextModels().models), repo: new TextRepository(db), thumbnailDir: layout.thumbnails });
    const { service, row } = await indexWith(files, [vanishingPreview, text, faces]);

    expect(files.errorsOf(row.id)).toEqual([]);
    expect(service.status().pendingByStage).toMatchObject({ preview: 0, text: 0, faces: 0 });
    expect(shown).toEqual([DEFAULT_PREVIEW_EDGE]);

    // a re-run (no decode in the scratch) reads the viewer thumbnail, not the original
    await writeThumbnails((await analyzePhoto(away, { mtimeMs: 0, previewEdge: DEFAULT_PREVIEW_EDGE })).preview, layout.thumbnails, row.content_hash);
    await faces.run({ file: row, scratch: {}, signal: new AbortController().signal, recordTiming: () => {} });
    expect(shown).toEqual([DEFAULT_PREVIEW_EDGE, DEFAULT_PREVIEW_EDGE]);
  });
});

