// Albums, favourites, star ratings, colour labels and the viewer's rotation: the user's own marks on photos.
// They live on the photo's catalog row (moves and renames keep the row), travel with it to the trash and back,
// and are merged into the kept copy when duplicates are cleaned up (merge()).
import { MAX_ALBUM_NAME_LENGTH, MAX_RATING, type Album, type ColorLabel, type MarksPatch, type PhotoMarks } from '../../../shared/marks-types.js';
import type { FileRepository } from '../catalog/file-repository.js';
import type { MarksRepository } from '../catalog/marks-repository.js';
import { LibraryError } from '../errors.js';

export class MarksService {
  constructor(private readonly deps: { marks: MarksRepository; files: FileRepository }) {}

  marksOf(fileId: number): PhotoMarks | null {
    return this.deps.marks.marksOf(fileId);
  }

  /** Sets marks on photos; returns how many of them are in the catalog. */
  set(fileIds: readonly number[], patch: MarksPatch): number {
    if (patch.rating !== undefined && (!Number.isInteger(patch.rating) || patch.rating < 0 || patch.rating > MAX_RATING)) {
      throw new LibraryError('invalid', `A rating is a whole number of stars from 0 to ${MAX_RATING}.`);
    }
    return this.deps.marks.setMarks(fileIds, patch);
  }

  albums(): Album[] {
    return this.deps.marks.listAlbums();
  }

  album(id: number): Album {
    const a = this.deps.marks.album(id);
    if (!a) throw new LibraryError('not-found', `There is no album ${id} (any more).`);
    return a;
  }

  albumNamed(name: string): Album | null {
    return this.deps.marks.albumByName(name.trim());
  }

  createAlbum(name: string): Album {
    const clean = validAlbumName(name);
    if (this.deps.marks.albumByName(clean)) throw new LibraryError('conflict', `An album named “${clean}” already exists.`);
    return this.album(this.deps.marks.createAlbum(clean));
  }

  renameAlbum(id: number, name: string): Album {
    this.album(id);
    const clean = validAlbumName(name);
    const other = this.deps.marks.albumByName(clean);
    if (other && other.id !== id) throw new LibraryError('conflict', `An album named “${clean}” already exists.`);
    this.deps.marks.renameAlbum(id, clean);
    return this.album(id);
  }

  /** Deletes the album only: its photos stay in the library. */
  deleteAlbum(id: number): void {
    this.album(id);
    this.deps.marks.deleteAlbum(id);
  }

  addToAlbum(id: number, fileIds: readonly number[]): Album {
    this.album(id);
    this.deps.marks.addToAlbum(id, fileIds);
    return this.album(id);
  }

  removeFromAlbum(id: number, fileIds: readonly number[]): Album {
    this.album(id);
    this.deps.marks.removeFromAlbum(id, fileIds);
    return this.album(id);
  }

  albumsOf(fileId: number): { id: number; name: string }[] {
    return this.deps.marks.albumsOf(fileId);
  }

  /**
   * A copy leaves for the trash and `keeperId` stays: the keeper becomes a favourite if either was, keeps the
   * higher rating, keeps its own label (else takes the copy's) and joins every album the copy was in. Its own
   * rotation stays (the two may be rotated differently on disk). Returns what it changed, for unmerge().
   */
  merge(fromId: number, keeperId: number): MergedMarks {
    const from = this.deps.marks.marksOf(fromId);
    const keep = this.deps.marks.marksOf(keeperId);
    if (!from || !keep) return {};
    const patch: MarksPatch = {};
    const merged: MergedMarks = {};
    if (from.favourite && !keep.favourite) merged.favourite = patch.favourite = true;
    if (from.rating > keep.rating) {
      patch.rating = from.rating;
      merged.rating = [keep.rating, from.rating];
    }
    if (from.label && !keep.label) merged.label = patch.label = from.label;
    this.deps.marks.setMarks([keeperId], patch);
    const had = new Set(this.deps.marks.albumsOf(keeperId).map((a) => a.id));
    const joined = this.deps.marks.albumsOf(fromId).filter((a) => !had.has(a.id)).map((a) => a.id);
    for (const a of joined) this.deps.marks.addToAlbum(a, [keeperId]);
    if (joined.length) merged.albums = joined;
    return merged;
  }

  /**
   * The trashed copy is back: the keeper gives back what merge() gave it, as its tags do, so an Undo leaves it as it
   * was (a stranger's trial: after Undo the keeper kept the copy's stars and label and stayed in its album, which
   * then held the picture twice). Only what still holds the merged value: a mark the user set since stays.
   */
  unmerge(keeperId: number, merged: MergedMarks): void {
    const keep = this.deps.marks.marksOf(keeperId);
    if (!keep) return;
    const patch: MarksPatch = {};
    if (merged.favourite && keep.favourite) patch.favourite = false;
    if (merged.rating && keep.rating === merged.rating[1]) patch.rating = merged.rating[0];
    if (merged.label && keep.label === merged.label) patch.label = null;
    if (Object.keys(patch).length) this.deps.marks.setMarks([keeperId], patch);
    for (const a of merged.albums ?? []) this.deps.marks.removeFromAlbum(a, [keeperId]);
  }
}

/** What merge() changed on a keeper (kept with the trashed copy in trash_log.merged_marks). */
export interface MergedMarks {
  favourite?: true;
  /** the keeper's rating before, and the copy's it took */
  rating?: [number, number];
  label?: ColorLabel;
  /** the albums the keeper joined */
  albums?: number[];
}

export function validAlbumName(name: string): string {
  const clean = name.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (!clean) throw new LibraryError('invalid', 'An album needs a name.');
  if (clean.length > MAX_ALBUM_NAME_LENGTH) throw new LibraryError('invalid', `An album name is at most ${MAX_ALBUM_NAME_LENGTH} characters.`);
  return clean;
}
