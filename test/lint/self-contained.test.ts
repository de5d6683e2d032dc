// A stranger's clone has no ../shared beside it: the tests must carry every photo they read. This guards
// what .ci/run proves by running the suite in a clone with nothing beside it, and fails faster.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, TEST_PHOTOS } from '../helpers/fixtures.js';

const filesUnder = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));

/** Ways a source file could reach the evaluation data beside the repository. */
const REACHES_SHARED = /(\.\.[/\\]|['"`])shared[/\\]data|['"`]\.\.['"`],\s*['"`]shared['"`]|['"`]shared['"`],\s*['"`]data['"`]/;

describe('the tests carry their own photos', () => {
  it('no test file reads ../shared/data', () => {
    const offenders = filesUnder(path.join(REPO_ROOT, 'test'))
      .filter((f) => /\.(ts|js|mjs|vue)$/.test(f) && f !== import.meta.filename)
      .filter((f) => REACHES_SHARED.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(REPO_ROOT, f));
    expect(offenders).toEqual([]);
  });

  it('the pattern above catches the forms a test would use', () => {
    for (const line of ["const DATA = '../shared/data/';", "path.resolve(ROOT, '..', 'shared', 'data')", "new URL('../../../../shared/data/', u)"]) {
      expect(REACHES_SHARED.test(line), line).toBe(true);
    }
    expect(REACHES_SHARED.test("import type { X } from '../../src/shared/api.js';")).toBe(false);
  });

  it('lists every test photo with its source and licence, stays small, and holds nothing internal-only', () => {
    const readme = fs.readFileSync(path.join(TEST_PHOTOS, 'README.md'), 'utf8');
    const photos = filesUnder(TEST_PHOTOS).filter((f) => path.basename(f) !== 'README.md' || path.dirname(f) !== TEST_PHOTOS);
    const listed = new Map([...readme.matchAll(/^\| (\S[^|]*?) \| ([^|]+) \| ([^|]+) \|$/gm)].map((m) => [m[1], m[3].trim()]));
    for (const f of photos) {
      const rel = path.relative(TEST_PHOTOS, f).split(path.sep).join('/');
      expect(listed.get(rel), `${rel} is not in test/fixtures/photos/README.md`).toMatch(/\S/);
    }
    const bytes = photos.reduce((sum, f) => sum + fs.statSync(f).size, 0);
    expect(bytes).toBeLessThan(15e6);
    // The face and text sets are for internal evaluation only and must never ship.
    expect(photos.filter((f) => /faces-dev|ocr-dev/.test(f))).toEqual([]);
  });
});
