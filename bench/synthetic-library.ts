// A GENERATED catalog for benchmarks at scale (bench/ui-grid.ts, bench/serve-scale.ts): rows inserted straight
// into a real catalog, their thumbnails shared among 40 real Caltech photos (decoding and indexing 100,000 photos is
// not what those measure). The photo files themselves do not exist.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { LoupeEngine } from '../src/main/engine/engine.js';
import { writeThumbnails } from '../src/main/engine/media/index.js';
import type { Stage } from '../src/main/engine/pipeline/stage.js';
import { evaluationData } from './evaluation-data.js';

const DATA = evaluationData('caltech101-dev');
const TAGS = ['person', 'dog', 'car', 'tree', 'beach', 'cat', 'bicycle', 'boat'];

export async function generatedLibrary(n: number): Promise<{ home: string; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-ui-bench-'));
  const home = path.join(dir, 'home');
  const photos = path.join(dir, 'Photos');
  fs.mkdirSync(photos);
  const engine = LoupeEngine.open({ home, warn: () => {} });
  const db = engine.database;
  // 40 real pictures give the thumbnails; each generated row points at one of them by content hash
  const sources = fs.readdirSync(DATA).slice(0, 40).map((c) => path.join(DATA, c, fs.readdirSync(path.join(DATA, c))[0]));
  const hashes: string[] = [];
  for (const [i, file] of sources.entries()) {
    const { data, info } = await sharp(file).resize(1280, 1280, { fit: 'inside' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const hash = `bench${String(i).padStart(4, '0')}`;
    await writeThumbnails({ data, width: info.width, height: info.height, channels: 3 } as never, engine.layout.thumbnails, hash);
    hashes.push(hash);
  }
  const now = Date.now();
  const folderId = Number(db.prepare("INSERT INTO folders (path, added_at, status) VALUES (?, ?, 'ok')").run(photos, now).lastInsertRowid);
  const insert = db.prepare(
    `INSERT INTO files (folder_id, path, size, mtime_ms, content_hash, format, width, height, taken_at, taken_at_source, state, added_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'jpeg', 640, 480, ?, 'exif', 'ready', ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const taken = new Date(Date.UTC(2010, 0, 1) + i * 3_600_000).toISOString().slice(0, 19);
      insert.run(folderId, path.join(photos, `${String(Math.floor(i / 1000)).padStart(3, '0')}`, `IMG_${String(i).padStart(6, '0')}.jpg`), 100_000, now, hashes[i % hashes.length], taken, now, now);
    }
  })();
  await engine.close();
  return { home, dir };
}

/** Every stage marked done at its current version, duplicate grouping done, and a few automatic tags per photo. */
export async function completeStages(home: string): Promise<void> {
  const stages: Stage[] = [];
  const engine = LoupeEngine.open({ home, warn: () => {}, wrapStage: (s) => (stages.push(s), s) });
  const db = engine.database;
  const now = Date.now();
  const ids = db.prepare('SELECT id, content_hash FROM files').all() as { id: number; content_hash: string }[];
  const stage = db.prepare('INSERT OR REPLACE INTO file_stages (file_id, stage, content_hash, version, done_at) VALUES (?, ?, ?, ?, ?)');
  // and duplicate grouping done, with no group: the rows share 40 thumbnails' content hashes, which would otherwise
  // read as 100,000 exact copies in 40 groups (a library of distinct photos has no such groups)
  const placed = db.prepare('INSERT OR REPLACE INTO dup_placed (file_id, kind, content_hash) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const { id, content_hash } of ids) for (const s of stages) stage.run(id, s.name, content_hash, s.version, now);
    for (const { id, content_hash } of ids) for (const kind of ['duplicate', 'similar']) placed.run(id, kind, content_hash);
  })();
  // two automatic tags a photo (the grid's filters and search read them)
  for (const t of TAGS) db.prepare('INSERT OR IGNORE INTO tags (name) VALUES (?)').run(t);
  const tagIds = TAGS.map((t) => (db.prepare('SELECT id FROM tags WHERE name = ?').get(t) as { id: number }).id);
  const tag = db.prepare("INSERT OR IGNORE INTO file_tags (file_id, tag_id, source, confidence, added_at) VALUES (?, ?, 'auto', 0.8, ?)");
  db.transaction(() => {
    for (const { id } of ids) for (let k = 0; k < 2; k++) tag.run(id, tagIds[(id * 7 + k * 3) % tagIds.length], now);
  })();
  await engine.close();
}
