import { MediaError } from '../media/types.js';
import { decodedOrCached } from '../pipeline/cached-preview.js';
import type { Stage, StageContext } from '../pipeline/stage.js';
import { WorkerCrashedError } from '../inference/inference-client.js';
import { CONFIRM_EDGE, LOOK_EDGE, TEXT_STAGE_VERSION } from './text-models.js';
import type { TextReader } from './text-reader.js';
import type { TextRepository } from './text-repository.js';

/**
 * Reads the text in each photo (Chinese and English). Most photos have none, so the detector first looks at a
 * small copy (LOOK_EDGE px; tens of ms of CPU, docs/text.md); where it sees text, the recogniser checks the boxes it
 * saw on the viewer thumbnail (textures the detector takes for text read as nothing); only then is the photo
 * decoded at full detail and read.
 * A photo without text is stored as such (no lines), so it is not looked at again until its content or this
 * stage's version changes. A slow stage: it runs in the deep pass, after every photo is searchable otherwise.
 * It shares the walk of the preview stage before it (withPrevious): where that stage has just decoded the original
 * at viewer size (scratch.viewer), the look and its confirmation read that decode instead of decoding the viewer
 * thumbnail again (~5 ms less CPU per photo, docs/text.md); otherwise (the viewer image was made earlier, a re-run)
 * they read the thumbnail.
 */
export class TextStage implements Stage {
  readonly name = 'text';
  readonly version = TEXT_STAGE_VERSION;
  readonly pass = 'deep' as const;
  readonly withPrevious = true;

  constructor(private readonly deps: { reader: TextReader; repo: TextRepository; thumbnailDir: string }) {}

  async run({ file, scratch, signal, recordTiming }: StageContext): Promise<void> {
    const t0 = performance.now();
    // the original at viewer size (CONFIRM_EDGE) when the preview stage just decoded it, the viewer thumbnail otherwise
    const preview = await decodedOrCached(scratch.viewer, this.deps.thumbnailDir, file, LOOK_EDGE);
    const detail = () => decodedOrCached(scratch.viewer, this.deps.thumbnailDir, file, CONFIRM_EDGE);
    try {
      let t1 = t0;
      const timed = (step: 'look' | 'confirm') => {
        const now = performance.now();
        recordTiming(`text.${step}`, now - t1);
        t1 = now;
      };
      // The model process may die with another photo's request in flight: each call is tried once more.
      const turn = await onceMore(() => this.deps.reader.worthReading(preview, detail, timed, signal));
      if (turn === null) {
        this.deps.repo.save(file.id, file.content_hash, []);
        return;
      }
      const text = await onceMore(() => this.deps.reader.read(file.path, file.mtime_ms, { turn, signal }));
      recordTiming('text.read', performance.now() - t1);
      this.deps.repo.save(file.id, file.content_hash, text.lines);
    } catch (err) {
      // a stopped job (its model requests dropped) is no failure of the photo's: it stays due
      if (err instanceof MediaError || signal.aborted) throw err;
      // Everything else this photo has (metadata, thumbnails, tags, similarity) stays; the reason is recorded.
      throw new Error(`the text in it could not be read (${(err as Error).message})`, { cause: err });
    }
  }
}

async function onceMore<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof WorkerCrashedError) return work();
    throw err;
  }
}
