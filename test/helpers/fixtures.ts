import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The real photos the tests carry (see its README: each file's source and licence), laid out as in the
 *  project's evaluation data (caltech101-dev/, hires/, robustness/), of which it is a small subset made by
 *  scripts/test-fixtures/pick-test-photos.mjs. Read-only: copy before modifying. Tests never read ../shared:
 *  a fresh clone tests itself with nothing beside it. */
export const TEST_PHOTOS = path.join(REPO_ROOT, 'test', 'fixtures', 'photos');

/** The path of a test photo (relative to TEST_PHOTOS), failing clearly when the set lacks it. */
export function testPhoto(rel: string): string {
  const file = path.join(TEST_PHOTOS, rel);
  if (!fs.existsSync(file)) {
    throw new Error(`test/fixtures/photos has no ${rel}: add it to scripts/test-fixtures/pick-test-photos.mjs and run that script`);
  }
  return file;
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function makeTempDir(prefix = 'loupe-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Copies test photos (paths relative to TEST_PHOTOS) into `dest`, keeping sub-paths or flattening them as
 *  `<parent folder>_<name>` (Caltech names like image_0001.jpg repeat across categories). Returns the new paths. */
export function copyPhotos(relPaths: readonly string[], dest: string, keepTree = false): string[] {
  return relPaths.map((rel) => {
    const flat = `${path.basename(path.dirname(rel))}_${path.basename(rel)}`;
    const target = keepTree ? path.join(dest, rel) : path.join(dest, flat);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(testPhoto(rel), target);
    // Copies of read-only originals must stay writable so tests can edit and delete them.
    fs.chmodSync(target, 0o644);
    return target;
  });
}

/** The first `n` images (sorted) of some Caltech-101 categories, as paths relative to TEST_PHOTOS. */
export function caltechSample(categories: readonly string[], n: number): string[] {
  return categories.flatMap((c) => {
    const dir = path.join(TEST_PHOTOS, 'caltech101-dev', c);
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.jpg')).sort() : [];
    if (files.length < n) {
      throw new Error(`test/fixtures/photos has ${files.length} caltech101-dev/${c} images, the test wants ${n}: raise it in scripts/test-fixtures/pick-test-photos.mjs`);
    }
    return files.slice(0, n).map((f) => path.join('caltech101-dev', c, f));
  });
}

/** Copies a whole folder of test photos into `dest`, writable. */
export function copyPhotoTree(rel: string, dest: string): void {
  fs.cpSync(path.join(TEST_PHOTOS, rel), dest, { recursive: true });
  const makeWritable = (p: string): void => {
    const st = fs.statSync(p);
    fs.chmodSync(p, st.isDirectory() ? 0o755 : 0o644);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) makeWritable(path.join(p, e));
  };
  makeWritable(dest);
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}
