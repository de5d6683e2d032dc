// Data access for the user's marks (favourite, rating, colour label, rotation: columns of `files`, so they
// stay with the row across moves and travel in its trash snapshot) and albums (album_photos rows, which
// cascade with the file).
import type { Album, ColorLabel, MarksPatch, PhotoMarks, Rotation } from '../../../shared/marks-types.js';
import type { CatalogDb } from './database.js';

interface MarksRow {
  favourite: number;
  rating: number;
  color_label: string | null;
  user_rotation: number;
}

interface AlbumRow {
  id: number;
  name: string;
  created_at: number;
  count: number;
  cover: number | null;
}

/** The files columns behind each mark. */
const COLUMN: Record<keyof PhotoMarks, string> = {
  favourite: 'favourite',
  rating: 'rating',
  label: 'color_label',
  rotation: 'user_rotation',
};

export function toMarks(r: MarksRow): PhotoMarks {
  return { favourite: r.favourite === 1, rating: r.rating, label: r.color_label as ColorLabel | null, rotation: r.user_rotation as Rotation };
}

function toAlbum(r: AlbumRow): Album {
  return { id: r.id, name: r.name, count: r.count, coverId: r.cover, createdAt: r.created_at };
}

const ALBUM_SELECT = `SELECT a.id, a.name, a.created_at,
  (SELECT COUNT(*) FROM album_photos ap WHERE ap.album_id = a.id) AS count,
  (SELECT ap.file_id FROM album_photos ap WHERE ap.album_id = a.id ORDER BY ap.added_at DESC, ap.file_id DESC LIMIT 1) AS cover
  FROM albums a`;

export class MarksRepository {
  constructor(private readonly db: CatalogDb) {}

  marksOf(fileId: number): PhotoMarks | null {
    const r = this.db.prepare('SELECT favourite, rating, color_label, user_rotation FROM files WHERE id = ?').get(fileId) as MarksRow | undefined;
    return r ? toMarks(r) : null;
  }

  /** Sets the patch's marks on every id; returns how many rows exist among them. */
  setMarks(fileIds: readonly number[], patch: MarksPatch): number {
    const entries = (Object.keys(COLUMN) as (keyof PhotoMarks)[]).filter((k) => patch[k] !== undefined);
    if (entries.length === 0) return 0;
    const values = entries.map((k) => (k === 'favourite' ? (patch.favourite ? 1 : 0) : (patch[k] ?? null)));
    const stmt = this.db.prepare(`UPDATE files SET ${entries.map((k) => `${COLUMN[k]} = ?`).join(', ')} WHERE id = ?`);
    let n = 0;
    this.db.transaction(() => {
      for (const id of fileIds) n += stmt.run(...values, id).changes;
    })();
    return n;
  }

  listAlbums(): Album[] {
    return (this.db.prepare(`${ALBUM_SELECT} ORDER BY a.name COLLATE NOCASE`).all() as AlbumRow[]).map(toAlbum);
  }

  album(id: number): Album | null {
    const r = this.db.prepare(`${ALBUM_SELECT} WHERE a.id = ?`).get(id) as AlbumRow | undefined;
    return r ? toAlbum(r) : null;
  }

  albumByName(name: string): Album | null {
    const r = this.db.prepare(`${ALBUM_SELECT} WHERE a.name = ? COLLATE NOCASE`).get(name) as AlbumRow | undefined;
    return r ? toAlbum(r) : null;
  }

  createAlbum(name: string): number {
    return Number(this.db.prepare('INSERT INTO albums (name, created_at) VALUES (?, ?)').run(name, Date.now()).lastInsertRowid);
  }

  renameAlbum(id: number, name: string): void {
    this.db.prepare('UPDATE albums SET name = ? WHERE id = ?').run(name, id);
  }

  deleteAlbum(id: number): void {
    this.db.prepare('DELETE FROM albums WHERE id = ?').run(id);
  }

  /** Adds the files that exist and are not in the album yet; returns how many were added. */
  addToAlbum(albumId: number, fileIds: readonly number[]): number {
    const stmt = this.db.prepare(
      'INSERT OR IGNORE INTO album_photos (album_id, file_id, added_at) SELECT ?, id, ? FROM files WHERE id = ?',
    );
    let n = 0;
    const now = Date.now();
    this.db.transaction(() => {
      for (const id of fileIds) n += stmt.run(albumId, now, id).changes;
    })();
    return n;
  }

  removeFromAlbum(albumId: number, fileIds: readonly number[]): number {
    const stmt = this.db.prepare('DELETE FROM album_photos WHERE album_id = ? AND file_id = ?');
    let n = 0;
    this.db.transaction(() => {
      for (const id of fileIds) n += stmt.run(albumId, id).changes;
    })();
    return n;
  }

  albumsOf(fileId: number): { id: number; name: string }[] {
    return this.db
      .prepare('SELECT a.id, a.name FROM album_photos ap JOIN albums a ON a.id = ap.album_id WHERE ap.file_id = ? ORDER BY a.name COLLATE NOCASE')
      .all(fileId) as { id: number; name: string }[];
  }
}
