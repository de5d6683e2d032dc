// Clean-up as a journal: `loupe trash` killed (SIGKILL, as by kill -9 or a power cut) at every step. Afterwards
// no photo, tag or undo record may be lost: every moved copy can be put back with its record and its tags, the
// kept copy carries the tags of the copies that are in the trash and none of those that stayed.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userTagsIn } from '../helpers/catalog-peek.js';
import { makeTempDir } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { makePhotos } from './make-photos.js';

const COPIES = 3;
const STEPS = ['trash:planned', 'trash:reserved:1', 'trash:moved:1', 'trash:committed:1', 'trash:reserved:2', 'trash:moved:2', 'trash:moved:3', 'trash:committed:3'];

describe('kill -9 during clean-up', () => {
  let tmp: { dir: string; cleanup: () => void };
  let lib: string;
  let home: string;
  let originals: string[];
  let copies: string[];
  const env = (): NodeJS.ProcessEnv => ({ XDG_DATA_HOME: path.join(tmp.dir, 'xdg') });
  const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCli([...args, '--home', home], { ...env(), ...extra });
  const userTags = (p: string): string[] | null => userTagsIn(home, p);


  beforeAll(async () => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'lib');
    home = path.join(tmp.dir, 'home');
    originals = await makePhotos(lib, COPIES);
    copies = originals.map((o) => o.replace('.jpg', ' copy.jpg'));
    for (const [i, o] of originals.entries()) fs.copyFileSync(o, copies[i]);
    expect(cli(['add', lib]).code).toBe(0);
    expect(cli(['index']).code).toBe(0);
    for (const [i, c] of copies.entries()) expect(cli(['tag', c, '--add', `trip-${i}`]).code).toBe(0);
    // The pristine state every trial starts from (timestamps kept: the catalog knows them).
    fs.cpSync(lib, `${lib}.orig`, { recursive: true, preserveTimestamps: true });
    fs.cpSync(home, `${home}.orig`, { recursive: true, preserveTimestamps: true });
  }, 300_000);
  afterAll(() => tmp.cleanup());

  const lost = { files: 0, tags: 0, undo: 0 };
  for (const step of STEPS) {
    it(`killed at ${step}: finished or rolled back, nothing lost`, () => {
      for (const d of [lib, home, path.join(tmp.dir, 'xdg')]) fs.rmSync(d, { recursive: true, force: true });
      fs.cpSync(`${lib}.orig`, lib, { recursive: true, preserveTimestamps: true });
      fs.cpSync(`${home}.orig`, home, { recursive: true, preserveTimestamps: true });

      const killed = cli(['trash', ...copies], { LOUPE_CRASH_AT: step });
      expect(killed.code).toBeNull(); // it died by the signal, mid-way

      // A reading command right after the crash works; the next writer (index) finishes or rolls back first.
      expect(cli(['status', '--json']).code).toBe(0);
      const index = cli(['index', '--json']);
      expect(index.code, index.stderr).toBe(0);

      const inTrash = copies.filter((c) => !fs.existsSync(c));
      for (const [i, c] of copies.entries()) {
        const keeperTags = userTags(originals[i]);
        if (inTrash.includes(c)) {
          expect(keeperTags, `the kept copy carries the tags of ${path.basename(c)}`).toContain(`trip-${i}`);
          expect(userTags(c)).toBeNull(); // no longer catalogued: it is in the trash
        } else {
          expect(keeperTags, `no tag merged for ${path.basename(c)}, which stayed`).not.toContain(`trip-${i}`);
          expect(userTags(c)).toEqual([`trip-${i}`]);
        }
      }
      // Every moved copy comes back, with its record and its tags.
      if (inTrash.length) {
        const restore = cli(['restore', ...inTrash, '--json']);
        if (restore.code !== 0) lost.undo += inTrash.length;
        expect(restore.code, restore.stderr).toBe(0);
        expect(JSON.parse(restore.stdout).restored.sort()).toEqual([...inTrash].sort());
      }
      for (const [i, c] of copies.entries()) {
        if (!fs.existsSync(c) || !fs.existsSync(originals[i])) lost.files++;
        const tags = userTags(c);
        if (!tags?.includes(`trip-${i}`)) lost.tags++;
        expect(tags).toEqual([`trip-${i}`]);
        expect(userTags(originals[i])).toEqual([]);
      }
      console.log(`[trash-crash] ${step}: ${inTrash.length} of ${COPIES} had moved; lost so far: ${JSON.stringify(lost)}`);
    }, 180_000);
  }
});
