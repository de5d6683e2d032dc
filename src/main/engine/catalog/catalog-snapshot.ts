// Everything the catalog knows about one file, as JSON: taken when Loupe moves the file to the trash and put
// back on undo, so a restored photo returns at once with its metadata, stage results, features, hashes and
// tags (automatic and the user's), without decoding it or running any model again.
import type { CatalogDb } from './database.js';

type Row = Record<string, unknown>;

export interface FileSnapshotJson {
  file: Row;
  stages: Row[];
  errors: Row[];
  features: Row[];
  hashes: Row | null;
  /** what the copy looks like as a copy, and its local features (duplicates; absent in snapshots taken before) */
  quality?: Row | null;
  keypoints?: Row | null;
  /** tags by name (ids differ between catalogs and may be gone by restore time) */
  tags: (Row & { name: string; name_zh: string | null })[];
  /** the file's faces with their people (absent in snapshots taken before faces existed) */
  faces?: Row[];
  /** the albums it was in, by name (absent in snapshots taken before albums existed) */
  albums?: string[];
  /** text read in the photo and its search document (absent in snapshots taken before text reading) */
  text?: { lines: Row[]; body: string | null };
  /** where it was taken (photo_places), a place set by hand included; absent in snapshots older than places */
  place?: Row | null;
  /** the user chose it as its duplicate group's keeper (absent in snapshots older than this field) */
  keepChoice?: Row | null;
}

/** Buffers (BLOB columns) travel as { $b64: "..." }. */
function encode(row: Row): Row {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Buffer.isBuffer(v) ? { $b64: v.toString('base64') } : v]));
}

function decode(row: Row): Row {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, v && typeof v === 'object' && '$b64' in v ? Buffer.from(String((v as { $b64: string }).$b64), 'base64') : v]),
  );
}

export function snapshotFile(db: CatalogDb, fileId: number): FileSnapshotJson | null {
  const file = db.prepare('SELECT * FROM files WHERE id = ?').get(fileId) as Row | undefined;
  if (!file) return null;
  const all = (sql: string) => (db.prepare(sql).all(fileId) as Row[]).map(encode);
  return {
    file: encode(file),
    stages: all('SELECT stage, content_hash, version, done_at FROM file_stages WHERE file_id = ?'),
    errors: all('SELECT stage, code, reason, content_hash, at, version FROM file_errors WHERE file_id = ?'),
    features: all('SELECT branch, content_hash, dims, data, recipe FROM features WHERE file_id = ?'),
    hashes: all('SELECT content_hash, whole, centre, content, residual_rms FROM photo_hashes WHERE file_id = ?')[0] ?? null,
    quality: all('SELECT * FROM photo_quality WHERE file_id = ?').map(({ file_id: _, ...r }) => r)[0] ?? null,
    keypoints: all('SELECT content_hash, data FROM photo_keypoints WHERE file_id = ?')[0] ?? null,
    tags: (db
      .prepare(
        `SELECT t.name, t.name_zh, ft.source, ft.confidence, ft.removed, ft.added_at FROM file_tags ft JOIN tags t ON t.id = ft.tag_id
         WHERE ft.file_id = ?`,
      )
      .all(fileId) as FileSnapshotJson['tags']),
    faces: all(`SELECT content_hash, source, x, y, w, h, landmarks, score, sharpness, eye_distance, quality, descriptor, model,
      person_id, assigned_by, removed, imported_name FROM faces WHERE file_id = ?`),
    albums: (db.prepare('SELECT a.name FROM album_photos ap JOIN albums a ON a.id = ap.album_id WHERE ap.file_id = ?').all(fileId) as { name: string }[]).map(
      (r) => r.name,
    ),
    text: {
      lines: all('SELECT line, content_hash, text, confidence, x, y, w, h FROM text_lines WHERE file_id = ?'),
      body: (db.prepare('SELECT body FROM text_search WHERE rowid = ?').get(fileId) as { body: string } | undefined)?.body ?? null,
    },
    place: all('SELECT * FROM photo_places WHERE file_id = ?')[0] ?? null,
    keepChoice: all('SELECT chosen_at FROM dup_keep_choice WHERE file_id = ?')[0] ?? null,
  };
}

function insert(db: CatalogDb, table: string, row: Row): number {
  const cols = Object.keys(row);
  const info = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => row[c]));
  return Number(info.lastInsertRowid);
}

/**
 * Puts a snapshot back as a new catalog row at `folderId` (the file's id may have been reused meanwhile).
 * Returns the new id. The caller checks first that no row holds the path.
 */
export function restoreFileSnapshot(db: CatalogDb, snap: FileSnapshotJson, folderId: number): number {
  return db.transaction(() => {
    const file = decode(snap.file);
    delete file.id;
    file.folder_id = folderId;
    file.updated_at = Date.now();
    // a snapshot older than migration 440 holds no own date: its date was the photo's own
    if (!('own_taken_at' in file)) Object.assign(file, { own_taken_at: file.taken_at, own_taken_at_source: file.taken_at_source });
    const id = insert(db, 'files', file);
    for (const s of snap.stages) insert(db, 'file_stages', { ...decode(s), file_id: id });
    for (const e of snap.errors) insert(db, 'file_errors', { ...decode(e), file_id: id });
    for (const f of snap.features) insert(db, 'features', { ...decode(f), file_id: id });
    if (snap.hashes) insert(db, 'photo_hashes', { ...decode(snap.hashes), file_id: id });
    if (snap.quality) insert(db, 'photo_quality', { ...decode(snap.quality), file_id: id });
    if (snap.keypoints) insert(db, 'photo_keypoints', { ...decode(snap.keypoints), file_id: id });
    for (const l of snap.text?.lines ?? []) insert(db, 'text_lines', { ...decode(l), file_id: id });
    if (snap.text?.body) db.prepare('INSERT INTO text_search (rowid, body) VALUES (?, ?)').run(id, snap.text.body);
    for (const f of snap.faces ?? []) {
      const face: Row = { ...decode(f), file_id: id };
      // the person may have been merged away or emptied meanwhile: the face then waits for grouping again
      if (face.person_id !== null && !db.prepare('SELECT 1 FROM people WHERE id = ?').get(face.person_id)) {
        face.person_id = null;
        face.assigned_by = null;
      }
      insert(db, 'faces', face);
    }
    if (snap.place) insert(db, 'photo_places', { ...decode(snap.place), file_id: id });
    // a keeper the user chose is theirs again (a later choice in its group, newer, still wins)
    if (snap.keepChoice) insert(db, 'dup_keep_choice', { ...decode(snap.keepChoice), file_id: id });
    for (const t of snap.tags) {
      db.prepare('INSERT INTO tags (name, name_zh) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(t.name, t.name_zh);
      const tagId = (db.prepare('SELECT id FROM tags WHERE name = ?').get(t.name) as { id: number }).id;
      insert(db, 'file_tags', { file_id: id, tag_id: tagId, source: t.source, confidence: t.confidence, removed: t.removed, added_at: t.added_at });
    }
    // back into the albums that still exist (one deleted meanwhile stays deleted)
    for (const name of snap.albums ?? []) {
      db.prepare('INSERT OR IGNORE INTO album_photos (album_id, file_id, added_at) SELECT id, ?, ? FROM albums WHERE name = ?').run(id, Date.now(), name);
    }
    return id;
  })();
}
