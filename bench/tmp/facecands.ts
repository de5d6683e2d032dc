import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
const neutral = (key: string): string => `IMG_${createHash('sha1').update(key).digest('hex').slice(0, 8)}`;
const db = new Database('/tmp/loupe-dup-groups/seed-1/home/catalog.sqlite', { readonly: true });
const idOf = (name: string) => (db.prepare('SELECT id FROM files WHERE path LIKE ?').get(`%/${name}.jpg`) as { id: number } | undefined)?.id;
let inCands = 0; let n = 0;
for (const f of fs.readdirSync('/work/shared/data/faces-crop-pairs/Faces').sort()) {
  const a = idOf(neutral(`Faces/${f}`)); const b = idOf(neutral(`Faces_easy/${f}`));
  if (!a || !b) continue; n++;
  const c = db.prepare('SELECT 1 FROM dup_candidates WHERE (file_id=? AND other_id=?) OR (file_id=? AND other_id=?)').get(a, b, b, a);
  if (c) inCands++;
}
console.log('face pairs', n, 'in recorded neighbour lists', inCands);
