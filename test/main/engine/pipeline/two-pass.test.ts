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
import type { Stage, StageContext } from '../../../../src/main/engine/pipeline/stage.js';
import { MediaError } from '../../../../src/main/engine/media/types.js';
import type { JobProgress } from '../../../../src/shared/library-types.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

/** A deep stage that records what it saw (the seam here is the stage list: the runner is what is under test). */
class RecordingDeepStage implements Stage {
  readonly pass = 'deep' as const;
  readonly seen: number[] = [];
  constructor(readonly name: string, readonly version = 1, private readonly failOn?: (ctx: StageContext) => Error | null) {}
  async run(ctx: StageContext): Promise<void> {
    const failure = this.failOn?.(ctx);
    if (failure) throw failure;
    this.seen.push(ctx.file.id);
  }
}

describe('the two-pass pipeline: quick stages make the library usable, deep stages follow', () => {
  let tmp: { dir: string; cleanup: () => void };
  let db: CatalogDb;
  let files: FileRepository;
  let lib: string;

  beforeEach(async () => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'Photos');
    fs.mkdirSync(lib);
    for (const [i, colour] of ['#c33', '#3c3', '#33c'].entries()) {
      await sharp({ create: { width: 64 + i * 8, height: 48, channels: 3, background: colour } })
        .jpeg()
        .toFile(path.join(lib, `p${i}.jpg`));
    }
    db = openCatalogDb(path.join(tmp.dir, 'home'));
    files = new FileRepository(db);
  });

  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  function library(stages: Stage[], afterDeepPass?: () => Promise<void>): LibraryService {
    const layout = homeLayout(path.join(tmp.dir, 'home'));
    return new LibraryService({
      files,
      folders: new FolderRepository(db),
      layout,
      stages: [new AnalyzeStage(layout.thumbnails), ...stages],
      concurrency: 2,
      warn: () => {},
      afterDeepPass,
    });
  }

  it('--quick leaves the deep stages pending per stage, and the next run does them, each as its own phase', async () => {
    const faces = new RecordingDeepStage('faces');
    const text = new RecordingDeepStage('text');
    let deepHooks = 0;
    const service = library([faces, text], async () => void deepHooks++);
    await service.addFolder(lib);

    await service.index(new Job('index'), { quick: true });
    let status = service.status();
    expect(status.files).toBe(3); // browsable: through the quick pass
    expect(status.pending).toBe(0);
    expect(status.pendingByStage).toMatchObject({ analyze: 0, faces: 3, text: 3 });
    expect(faces.seen).toEqual([]);
    expect(deepHooks).toBe(0);

    const job = new Job('index');
    const phases: string[] = [];
    job.on('progress', (p: JobProgress) => {
      const label = p.phase === 'deep' ? `deep:${p.stages.join('+')}` : p.phase;
      if (phases.at(-1) !== label) phases.push(label);
    });
    await service.index(job);
    status = service.status();
    expect(status.pendingByStage).toMatchObject({ faces: 0, text: 0 });
    expect(faces.seen.sort()).toEqual(text.seen.sort());
    expect(faces.seen).toHaveLength(3);
    expect(phases).toEqual(expect.arrayContaining(['deep:faces', 'deep:text']));
    expect(phases.indexOf('deep:faces')).toBeLessThan(phases.indexOf('deep:text'));
    expect(deepHooks).toBe(1);

    // Nothing changed: no stage runs again and the deep hook is not called.
    await service.index();
    expect(faces.seen).toHaveLength(3);
    expect(deepHooks).toBe(1);
  });

  it('names every stage of a shared walk that has work in the progress, and only those', async () => {
    const preview = new RecordingDeepStage('decode'); // not 'preview': that one's output, the viewer image, is checked on disk
    const text = Object.assign(new RecordingDeepStage('text'), { withPrevious: true });
    const faces = Object.assign(new RecordingDeepStage('faces'), { withPrevious: true });
    const progressOf = async (stages: Stage[]) => {
      const job = new Job('index');
      const walks: string[][] = [];
      job.on('progress', (p: JobProgress) => {
        if (p.phase === 'deep' && walks.at(-1)?.join() !== p.stages.join()) walks.push(p.stages);
      });
      await library(stages).index(job);
      return walks;
    };
    await library([preview, text, faces]).addFolder(lib);
    expect(await progressOf([preview, text, faces])).toEqual([['decode', 'text', 'faces']]);
    // a new face stage version: the walk runs again for faces alone, and says so
    const faces2 = Object.assign(new RecordingDeepStage('faces', 2), { withPrevious: true });
    expect(await progressOf([preview, text, faces2])).toEqual([['faces']]);
    expect(faces2.seen).toHaveLength(3);
    expect(text.seen).toHaveLength(3);
  });

  it("a deep stage's failure is listed with its reason but leaves the photo ready", async () => {
    const faces = new RecordingDeepStage('faces', 1, (ctx) =>
      ctx.file.path.endsWith('p1.jpg') ? new MediaError('the model could not read this photo', 'corrupt') : null,
    );
    const service = library([faces]);
    await service.addFolder(lib);
    const summary = await service.index();

    const broken = path.join(lib, 'p1.jpg');
    expect(summary.failed).toEqual([{ path: broken, reason: expect.stringContaining('could not read this photo'), code: expect.any(String) }]);
    expect(service.info(service.photoIdAt(broken)!)!.state).toBe('ready');
    expect(service.status().files).toBe(3);
    // A photo error: failed, not pending, so the stage is not retried on every run.
    expect(service.status().pendingByStage.faces).toBe(0);
    expect(faces.seen).toHaveLength(2);
  });

  it('an unexpected deep-stage error is retried by the next run, and its failure record then cleared', async () => {
    let broken = true;
    const faces = new RecordingDeepStage('faces', 1, (ctx) =>
      broken && ctx.file.path.endsWith('p2.jpg') ? new Error('the model process went away') : null,
    );
    const service = library([faces]);
    await service.addFolder(lib);
    expect((await service.index()).failed).toHaveLength(1);
    expect(service.status().pendingByStage.faces).toBe(1);
    broken = false;
    expect((await service.index()).failed).toEqual([]);
    expect(service.status()).toMatchObject({ files: 3, failed: [], pendingByStage: { faces: 0 } });
  });

  it('a new version of a deep stage makes it due again without touching the quick pass', async () => {
    const v1 = new RecordingDeepStage('faces', 1);
    await (async () => {
      const service = library([v1]);
      await service.addFolder(lib);
      await service.index();
    })();
    const analyzedAt = library([]).info(library([]).photoIdAt(path.join(lib, 'p0.jpg'))!)!.stages.analyze.doneAt;
    const v2 = new RecordingDeepStage('faces', 2);
    const service = library([v2]);
    service.refreshStates();
    expect(service.status()).toMatchObject({ files: 3, pending: 0, pendingByStage: { faces: 3 } });
    await service.index();
    expect(v2.seen).toHaveLength(3);
    expect(service.info(service.photoIdAt(path.join(lib, 'p0.jpg'))!)!.stages.analyze.doneAt).toBe(analyzedAt);
  });

  it('a photo that cannot be read waits for no stage: the per-stage counts say nothing is left to do', async () => {
    fs.writeFileSync(path.join(lib, 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    fs.writeFileSync(path.join(lib, 'empty.jpg'), '');
    const faces = new RecordingDeepStage('faces');
    const service = library([faces]);
    await service.addFolder(lib);
    const summary = await service.index();
    expect(summary.failed.map((f) => path.basename(f.path)).sort()).toEqual(['broken.jpg', 'empty.jpg']);
    const status = service.status();
    expect(status.pending).toBe(0);
    // not "still to do: faces 2" forever: the failed files are listed as failed, not as waiting
    expect(status.pendingByStage).toEqual({ analyze: 0, faces: 0 });
    expect(faces.seen).toHaveLength(3);
  });
});
