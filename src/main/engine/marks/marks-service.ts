// Albums, favourites, star ratings, colour labels and the viewer's rotation: the user's own marks on photos.
// They live on the photo's catalog row (moves and renames keep the row), travel with it to the trash and back,
// and are merged into the kept copy when duplicates are cleaned up (merge()).
import { MAX_ALBUM_NAME_LENGTH, MAX_RATING, type Album, type MarksPatch, type PhotoMarks } from '../../../shared/marks-types.js';
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
   * rotation stays (the two may be rotated differently on disk).
   */
  merge(fromId: number, keeperId: number): void {
    const from = this.deps.marks.marksOf(fromId);
    const keep = this.deps.marks.marksOf(keeperId);
    if (!from || !keep) return;
    const patch: MarksPatch = {};
    if (from.favourite && !keep.favourite) patch.favourite = true;
    if (from.rating > keep.rating) patch.rating = from.rating;
    if (from.label && !keep.label) patch.label = from.label;
    this.deps.marks.setMarks([keeperId], patch);
    for (const a of this.deps.marks.albumsOf(fromId)) this.deps.marks.addToAlbum(a.id, [keeperId]);
  }
}

export function validAlbumName(name: string): string {
  const clean = name.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (!clean) throw new LibraryError('invalid', 'An album needs a name.');
  if (clean.length > MAX_ALBUM_NAME_LENGTH) throw new LibraryError('invalid', `An album name is at most ${MAX_ALBUM_NAME_LENGTH} characters.`);
  return clean;
}
