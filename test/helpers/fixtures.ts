import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The shared real-photo data set, read-only (see its README). */
export const SHARED_DATA = path.resolve(REPO_ROOT, '..', 'shared', 'data');

/** A fresh temporary folder, removed by the returned cleanup. */
export function makeTempDir(prefix = 'loupe-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Copies files (paths relative to SHARED_DATA) into `dest`, keeping sub-paths or flattening them as
 *  `<parent folder>_<name>` (Caltech names like image_0001.jpg repeat across categories). Returns the new paths. */
export function copyShared(relPaths: readonly string[], dest: string, keepTree = false): string[] {
  return relPaths.map((rel) => {
    const flat = `${path.basename(path.dirname(rel))}_${path.basename(rel)}`;
    const target = keepTree ? path.join(dest, rel) : path.join(dest, flat);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(SHARED_DATA, rel), target);
    // Copies of read-only originals must stay writable so tests can edit and delete them.
    fs.chmodSync(target, 0o644);
    return target;
  });
}

/** The first `n` images (sorted) of some Caltech-101 categories, as paths relative to SHARED_DATA. */
export function caltechSample(categories: readonly string[], n: number): string[] {
  return categories.flatMap((c) =>
    fs
      .readdirSync(path.join(SHARED_DATA, 'caltech101-dev', c))
      .filter((f) => f.toLowerCase().endsWith('.jpg'))
      .sort()
      .slice(0, n)
      .map((f) => path.join('caltech101-dev', c, f)),
  );
}

/** Copies a whole shared folder tree into `dest`. */
export function copySharedTree(rel: string, dest: string): void {
  fs.cpSync(path.join(SHARED_DATA, rel), dest, { recursive: true });
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
