// Reading commands never write. The home is left as a crash leaves it (a clean-up killed half-way, its journal
// unfinished, the write-ahead log full) and with its similarity index file deleted; every reading command then runs
// and the home must be byte for byte what it was, modification times included. The next writer finishes the
// clean-up and saves the rebuilt index.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { makePhotos } from './make-photos.js';
import { similarityIndexName } from '../../src/main/engine/search/similarity-service.js';

const INDEX_FILE = `${similarityIndexName()}.hnsw`;

/** Every file of the home (but SQLite's shared-memory file, which readers use as memory) with its hash and mtime. */
function snapshot(home: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of fs.readdirSync(home, { recursive: true }) as string[]) {
    const file = path.join(home, rel);
    const st = fs.statSync(file);
    if (!st.isFile() || rel.endsWith('-shm')) continue;
    out[rel] = `${crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 16)} ${st.size} ${st.mtimeMs}`;
  }
  return out;
}

describe('reading commands never write', () => {
  let tmp: { dir: string; cleanup: () => void };
  let lib: string;
  let home: string;
  let photos: string[];
  let copies: string[];
  const env = (): NodeJS.ProcessEnv => ({ XDG_DATA_HOME: path.join(tmp.dir, 'xdg') });
  const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCli([...args, '--home', home], { ...env(), ...extra });

  beforeAll(async () => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'lib');
    home = path.join(tmp.dir, 'home');
    photos = await makePhotos(lib, 3);
    copies = photos.slice(0, 2).map((p) => p.replace('.jpg', ' copy.jpg'));
    for (const [i, c] of copies.entries()) fs.copyFileSync(photos[i], c);
    expect(cli(['add', lib]).code).toBe(0);
    expect(cli(['index']).code).toBe(0);
    expect(cli(['tag', copies[0], '--add', 'beach']).code).toBe(0);
    // A clean-up killed after its first move: the journal waits for a writer to finish it.
    expect(cli(['trash', ...copies], { LOUPE_CRASH_AT: 'trash:moved:1' }).code).toBeNull();
    expect(fs.existsSync(copies[0])).toBe(false);
    fs.rmSync(path.join(home, 'index', INDEX_FILE));
  }, 300_000);
  afterAll(() => tmp.cleanup());

  it('status, info, tags, search, similar, duplicates, places, people, albums, marks and learned tags leave the home untouched', () => {
    const before = snapshot(home);
    expect(Object.keys(before)).toContain('catalog.sqlite');
    const readers: string[][] = [
      ['status', '--json'],
      ['info', photos[2], '--json'],
      ['tags', copies[1], '--json'],
      ['search', 'photo', '--json'],
      ['similar', photos[2], '--json'],
      ['duplicates', '--json'],
      ['duplicates', '--resolve-all', '--json'],
      ['places', '--json'],
      ['place', photos[2], '--json'],
      ['people', '--json'],
      ['album', 'list', '--json'],
      ['mark', photos[2], '--json'],
      ['learn', '--list', '--json'],
    ];
    for (const args of readers) {
      const r = cli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(snapshot(home), `loupe ${args.join(' ')} changed the home`).toEqual(before);
    }
    // the user is told the clean-up waits for the next writer
    expect(JSON.parse(cli(['status', '--json']).stdout).homeNotice).toMatch(/clean-up was interrupted: the next run that changes the library .* finishes it/);
    // find-similar worked from an index rebuilt in memory only
    const similar = JSON.parse(cli(['similar', photos[2], '--json']).stdout) as { results: unknown[] };
    expect(similar.results.length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(home, 'index', INDEX_FILE))).toBe(false);
  }, 300_000);

  it('the next writer finishes the clean-up and saves the index', () => {
    const index = cli(['index', '--json']);
    expect(index.code, index.stderr).toBe(0);
    expect(index.stderr).toMatch(/interrupted clean-up was finished/);
    expect(fs.existsSync(path.join(home, 'index', INDEX_FILE))).toBe(true);
    const restore = cli(['restore', copies[0], '--json']);
    expect(restore.code, restore.stderr).toBe(0);
    const tags = JSON.parse(cli(['tags', copies[0], '--json']).stdout) as { tags: { tag: string }[] };
    expect(tags.tags.map((t) => t.tag)).toContain('beach');
  }, 300_000);
});
