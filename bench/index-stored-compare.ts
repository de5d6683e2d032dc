// Whether two builds of Loupe store the same things for the same photos (issue #15: a speed change must not change
// what is stored): indexes a set with each CLI (bin/loupe.js of each build, dist/ built) into a fresh home, then
// compares, photo by photo (matched by path), every row of the catalog's per-photo tables (time columns left out) and
// the bytes of every thumbnail.
//   npx tsx bench/index-stored-compare.ts --bin=A/bin/loupe.js --bin=B/bin/loupe.js [<folder>]   (default: ../shared/data/hires)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { evaluationData } from './evaluation-data.js';

const args = process.argv.slice(2);
const bins = args.filter((a) => a.startsWith('--bin=')).map((a) => path.resolve(a.slice(6)));
if (bins.length !== 2) throw new Error('give two --bin=…/bin/loupe.js');
const folderArg = args.find((a) => !a.startsWith('--'));
const folder = folderArg ? path.resolve(folderArg) : evaluationData('hires');
/** per-photo tables and the column that names the photo */
const TABLES: [string, string][] = [
  ['features', 'file_id'], ['photo_hashes', 'file_id'], ['photo_quality', 'file_id'], ['photo_keypoints', 'file_id'],
  ['faces', 'file_id'], ['text_lines', 'file_id'], ['file_tags', 'file_id'], ['person_boxes', 'file_id'], ['dup_local_checks', 'a'],
];
const TIME = /(_at|_ms|time)$/;

function indexWith(bin: string): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-stored-'));
  for (const cmd of [['add', folder], ['index']]) {
    const r = spawnSync(process.execPath, [bin, ...cmd, '--home', home, '--json'], { encoding: 'utf8', timeout: 1_800_000 });
    if (r.status !== 0) throw new Error(`${bin} ${cmd[0]} failed: ${r.stderr}`);
  }
  return home;
}

function rows(home: string): Map<string, string> {
  const db = new Database(path.join(home, 'catalog.sqlite'), { readonly: true });
  const pathOf = new Map((db.prepare('SELECT id, path FROM files').all() as { id: number; path: string }[]).map((r) => [r.id, r.path]));
  const out = new Map<string, string>();
  for (const [table, by] of TABLES) {
    let all: Record<string, unknown>[];
    try {
      all = db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
    } catch {
      continue; // not in this build
    }
    for (const r of all) {
      const key = `${table} ${pathOf.get(r[by] as number)}`;
      const value = Object.entries(r).filter(([k]) => !TIME.test(k) && k !== 'id' && !k.endsWith('_id') && k !== 'a' && k !== 'b')
        .map(([k, v]) => `${k}=${Buffer.isBuffer(v) ? v.toString('base64') : JSON.stringify(v)}`).join(';');
      out.set(key, [out.get(key), value].filter(Boolean).sort().join('|'));
    }
  }
  const thumbs = path.join(home, 'thumbnails');
  for (const shard of fs.readdirSync(thumbs)) {
    if (!fs.statSync(path.join(thumbs, shard)).isDirectory()) continue;
    for (const f of fs.readdirSync(path.join(thumbs, shard))) out.set(`thumbnail ${f}`, fs.readFileSync(path.join(thumbs, shard, f)).toString('base64'));
  }
  db.close();
  return out;
}

const homes = bins.map(indexWith);
try {
  const [a, b] = homes.map(rows);
  const keys = new Set([...a.keys(), ...b.keys()]);
  const differ = [...keys].filter((k) => a.get(k) !== b.get(k));
  const kinds = new Map<string, number>();
  for (const k of keys) kinds.set(k.split(' ')[0], (kinds.get(k.split(' ')[0]) ?? 0) + 1);
  console.log(`${path.basename(folder)}: compared ${keys.size} items (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')})`);
  console.log(differ.length === 0 ? 'identical' : `${differ.length} differ:\n${differ.slice(0, 30).join('\n')}`);
} finally {
  for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
}
