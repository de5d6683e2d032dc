import sharp from 'sharp';
import type { FileRepository, FileSnapshot } from '../catalog/file-repository.js';
import type { HashRepository } from '../catalog/hash-repository.js';
import type { AwaitingComparisonRepository } from '../catalog/awaiting-comparison-repository.js';
import type { FaceRepository } from '../faces/face-repository.js';
import type { UserDecisionsRepository } from '../catalog/user-decisions-repository.js';
import { signalsFrom } from '../duplicates/duplicate-signals.js';
import { indexedHashes } from '../duplicates/hash-index.js';
import { thumbnailPaths } from '../media/thumbnails.js';
import { rgbFromRaw } from '../media/rgb-image.js';
import { findEditedCopies, type CopyCandidate, type ThumbPixels } from './edited-copies.js';

export interface EditedCopyDeps {
  files: FileRepository;
  hashes: Pick<HashRepository, 'of' | 'all'>;
  faces: Pick<FaceRepository, 'moveBoxes' | 'carryDecisions'>;
  /** what the user decided on the new file's row, before it went */
  decisions: Pick<UserDecisionsRepository, 'carry'>;
  /** the new photos not yet compared with the gone ones, whichever run catalogued them */
  waiting: Pick<AwaitingComparisonRepository, 'add' | 'ids' | 'clear'>;
  /** the calibrated embedding the duplicate finder compares (SimilarityService.projectForDuplicates) */
  embeddingOf: (fileId: number) => Float32Array | undefined;
  thumbnailDir: string;
}

/** A gone row that took over a new file, and the new file's row that went. */
export interface TakenOver {
  goneId: number;
  newId: number;
}

/**
 * A photo moved and edited between two runs (an editor saved it elsewhere and the original was deleted) keeps what
 * the user decided about it: the gone photo's row takes the new file (its path and bytes, every stage due again, as
 * after an edit in place), and the new file's own row, made by the quick pass of this run or of a stopped one, goes.
 * So names on faces, hand tags, removed automatic tags, marks, albums, places set by hand and chosen keepers, all kept
 * on the row, follow without a list of them to keep in step; faces move with the pixels, for the face stage to find
 * again. What the user decided on the new row meanwhile (the app open after a stopped run) is merged into the old
 * one first (UserDecisionsRepository.carry, FaceRepository.carryDecisions), the later decision winning.
 */
export class EditedCopyService {
  constructor(private readonly deps: EditedCopyDeps) {}

  /** A new photo, to be compared with the gone ones: call it in the transaction that catalogues the photo, so that a
   *  run stopped before the comparison leaves it waiting for the next one. */
  arrived(fileId: number): void {
    this.deps.waiting.add(fileId);
  }

  /**
   * Compares `gone` (rows whose file is no longer at its path, still in the catalog) with every new photo waiting,
   * whichever run catalogued it; call it once the quick pass has been through them (hashed and embedded). Each match
   * commits on its own; the photos waiting are let go only after the last, matched or not, so a run stopped midway
   * (`signal`) compares them again next time. A photo waiting without features (it failed to decode) cannot be
   * compared: it is let go too, for with these bytes it never will be, and the gone rows must not wait for it.
   */
  async carryOver(gone: readonly FileSnapshot[], signal?: AbortSignal): Promise<TakenOver[]> {
    const waiting = this.deps.waiting.ids();
    if (waiting.length === 0) return [];
    // a photo waiting since a stopped run may be gone itself by now: it is no copy of anything
    const goneIds = new Set(gone.map((g) => g.id));
    const fresh = waiting.filter((id) => !goneIds.has(id));
    const taken = gone.length === 0 || fresh.length === 0 ? [] : await this.takeOver(gone, fresh, signal);
    signal?.throwIfAborted();
    this.deps.waiting.clear(waiting);
    return taken;
  }

  private async takeOver(gone: readonly FileSnapshot[], freshIds: readonly number[], signal?: AbortSignal): Promise<TakenOver[]> {
    const kept = {
      hashes: () => this.keptHashes(),
      candidate: (id: number) => this.candidates([id])[0],
    };
    const pairs = await findEditedCopies(this.candidates(gone.map((g) => g.id)), this.candidates(freshIds), kept);
    const { files, faces, decisions } = this.deps;
    const taken: TakenOver[] = [];
    for (const p of pairs) {
      signal?.throwIfAborted();
      files.transaction(() => {
        const now = files.byId(p.newId);
        const was = files.byId(p.goneId);
        if (!now || !was) return;
        // the old faces into the new pixels first, where the new row's faces are, so that the same face is found
        faces.moveBoxes(was.id, p.mapBox);
        faces.carryDecisions(now.id, was.id);
        decisions.carry(now.id, was.id);
        files.delete(now.id);
        files.move(was.id, now.folder_id, now.path, now.size, now.mtime_ms);
        files.replaceContent(was.id, now.size, now.mtime_ms, now.content_hash);
        taken.push({ goneId: was.id, newId: now.id });
      });
    }
    return taken;
  }

  /** Every catalogued photo's hashes as stored (whole picture, centred window, letterbox content). */
  private *keptHashes(): Generator<{ id: number; hashes: bigint[] }> {
    for (const h of this.deps.hashes.all()) {
      yield { id: h.fileId, hashes: indexedHashes(h.whole, h.centre, h.content) };
    }
  }

  private candidates(ids: readonly number[]): CopyCandidate[] {
    const out: CopyCandidate[] = [];
    for (const id of ids) {
      const row = this.deps.files.byId(id);
      const hashes = this.deps.hashes.of(id);
      if (!row || !hashes || !row.width || !row.height) continue;
      const dir = this.deps.thumbnailDir;
      out.push({
        id,
        signals: signalsFrom(row, hashes, this.deps.embeddingOf(id)),
        thumb: () => readThumb(thumbnailPaths(dir, row.content_hash).small),
      });
    }
    return out;
  }
}

/** A grid thumbnail's pixels (they are upright), or undefined when it is missing or damaged. */
async function readThumb(file: string): Promise<ThumbPixels | undefined> {
  try {
    return rgbFromRaw(await sharp(file).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true }));
  } catch {
    return undefined;
  }
}
