// Which image the text stage looks at: in fresh indexing the preview stage's decode of the original (the two share a
// deep walk, so the viewer thumbnail is not decoded again); otherwise the viewer thumbnail. The model process is
// faked at its seam (TextModels) to record what it is handed; the real models' decisions: text-stage.test.ts and
// test/main/worker/text/text-runner.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb, type CatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { homeLayout } from '../../../../src/main/engine/home.js';
import type { TextConfirmResult, TextLineResult, TextLookResult } from '../../../../src/main/engine/inference/protocol.js';
import { Job } from '../../../../src/main/engine/jobs/job.js';
import { LibraryService } from '../../../../src/main/engine/library/library-service.js';
import { analyzePhoto, DEFAULT_PREVIEW_EDGE, thumbnailPaths, writeThumbnails } from '../../../../src/main/engine/media/index.js';
import type { RgbImage } from '../../../../src/main/engine/media/rgb-image.js';
import { AnalyzeStage } from '../../../../src/main/engine/pipeline/analyze-stage.js';
import { PreviewStage } from '../../../../src/main/engine/pipeline/preview-stage.js';
import type { Stage } from '../../../../src/main/engine/pipeline/stage.js';
import { LOOK_EDGE } from '../../../../src/main/engine/text/text-models.js';
import { TextReader, type TextModels } from '../../../../src/main/engine/text/text-reader.js';
import { TextRepository } from '../../../../src/main/engine/text/text-repository.js';
import { TextStage } from '../../../../src/main/engine/text/text-stage.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

/** Records the long edge of each image the look and the confirmation get; the look always sees text, nothing confirms. */
function recordingModels() {
  const seen: { look: number[]; confirm: number[]; read: number } = { look: [], confirm: [], read: 0 };
  const box: [number, number][] = [[0.1, 0.1], [0.5, 0.1], [0.5, 0.2], [0.1, 0.2]];
  const models: TextModels = {
    textLook: (image: RgbImage): Promise<TextLookResult> => {
      seen.look.push(Math.max(image.width, image.height));
      return Promise.resolve({ hasText: true, peak: 1, candidates: [box] });
    },
    textConfirm: (image: RgbImage): Promise<TextConfirmResult> => {
      seen.confirm.push(Math.max(image.width, image.height));
      return Promise.resolve({ confirmed: false, text: null });
    },
    textRead: (): Promise<TextLineResult[]> => {
      seen.read++;
      return Promise.resolve([]);
    },
  };
  return { models, seen };
}

describe('text stage: the image it looks at', () => {
  let tmp: { dir: string; cleanup: () => void };
  let db: CatalogDb;
  let lib: string;

  beforeEach(async () => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'Photos');
    fs.mkdirSync(lib);
    // 2400 x 1600: the viewer-size decode (1280 px) is larger than the look's input and is shrunk for it
    const noise = Buffer.alloc(96 * 64 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
    await sharp(noise, { raw: { width: 96, height: 64, channels: 3 } }).resize(2400, 1600).jpeg().toFile(path.join(lib, 'big.jpg'));
    db = openCatalogDb(path.join(tmp.dir, 'home'));
  });

  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  it('in fresh indexing, the preview stage\'s decode: neither the viewer thumbnail nor the original is read again', async () => {
    const layout = homeLayout(path.join(tmp.dir, 'home'));
    const files = new FileRepository(db);
    const original = path.join(lib, 'big.jpg');
    const away = path.join(tmp.dir, 'away.jpg');
    // Right after the preview stage made the viewer image, both it and the original go away: the text stage, run next
    // on the same photo, can look and confirm only with what the preview stage decoded.
    const preview = new PreviewStage(layout.thumbnails);
    let medium = '';
    const vanishingPreview: Stage = {
      name: preview.name,
      version: preview.version,
      pass: preview.pass,
      run: async (ctx) => {
        await preview.run(ctx);
        medium = thumbnailPaths(layout.thumbnails, ctx.file.content_hash).medium;
        fs.rmSync(medium);
        fs.renameSync(original, away);
      },
    };
    const { models, seen } = recordingModels();
    const text = new TextStage({ reader: new TextReader(models), repo: new TextRepository(db), thumbnailDir: layout.thumbnails });
    const service = new LibraryService({
      files,
      folders: new FolderRepository(db),
      layout,
      stages: [new AnalyzeStage(layout.thumbnails), vanishingPreview, text],
      concurrency: 1,
      warn: () => {},
    });
    await service.addFolder(lib);
    await service.index(new Job('index'), { quick: true });
    const row = files.byPath(original)!;
    await service.index(new Job('index'));

    expect(files.errorsOf(row.id)).toEqual([]);
    expect(service.status().pendingByStage).toMatchObject({ preview: 0, text: 0 });
    expect(seen.look).toEqual([LOOK_EDGE]); // the viewer-size decode, shrunk to the look's size
    expect(seen.confirm).toEqual([DEFAULT_PREVIEW_EDGE]); // the same decode, as it is
    expect(seen.read).toBe(0);

    // Without the preview stage's decode (a re-run, or the viewer image made earlier): the viewer thumbnail, the
    // original not needed.
    await writeThumbnails((await analyzePhoto(away, { mtimeMs: 0, previewEdge: DEFAULT_PREVIEW_EDGE })).preview, layout.thumbnails, row.content_hash);
    expect(fs.existsSync(medium)).toBe(true);
    await text.run({ file: row, scratch: {}, signal: new AbortController().signal, recordTiming: () => {} });
    expect(seen.look).toEqual([LOOK_EDGE, LOOK_EDGE]);
    expect(seen.confirm).toEqual([DEFAULT_PREVIEW_EDGE, DEFAULT_PREVIEW_EDGE]);
  });
});
