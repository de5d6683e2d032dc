import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LoupeEngine, type EngineOptions } from '../engine.js';
import { LibraryError } from '../errors.js';
import type { Job } from '../jobs/job.js';

export interface LabeledImage {
  /** absolute path */
  path: string;
  /** path relative to the evaluation folder, with '/' separators */
  rel: string;
  /** the name of the image's top-level sub-folder: its class or tag */
  label: string;
}

/** Images of an evaluation folder: each top-level sub-folder is a class (or tag); files directly in the folder
 *  are ignored. */
export function labeledImages(folder: string, extensions: ReadonlySet<string>): LabeledImage[] {
  const root = path.resolve(folder);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new LibraryError('invalid', `${root} is not a folder.`);
  const out: LabeledImage[] = [];
  for (const cls of fs.readdirSync(root, { withFileTypes: true })) {
    if (!cls.isDirectory() || cls.name.startsWith('.')) continue;
    const dir = path.join(root, cls.name);
    for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (e.name.startsWith('.') || !extensions.has(path.extname(e.name).toLowerCase())) continue;
      const abs = path.join(e.parentPath, e.name);
      if (!e.isFile() && !(e.isSymbolicLink() && fs.statSync(abs, { throwIfNoEntry: false })?.isFile())) continue;
      out.push({ path: abs, rel: path.relative(root, abs).split(path.sep).join('/'), label: cls.name });
    }
  }
  if (out.length === 0) throw new LibraryError('invalid', `${root} has no images in sub-folders (each sub-folder is one class).`);
  return out.sort((a, b) => (a.rel < b.rel ? -1 : 1));
}

/**
 * Indexes `folder` into a fresh temporary library home - never the user's - runs `body` with that engine, and
 * removes the home afterwards.
 */
export async function withTemporaryLibrary<T>(
  folder: string,
  options: Omit<EngineOptions, 'home'>,
  job: Job | undefined,
  body: (engine: LoupeEngine) => Promise<T>,
): Promise<T> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-eval-'));
  const engine = LoupeEngine.open({ ...options, home });
  try {
    await engine.library.addFolder(folder);
    await engine.library.index(job);
    return await body(engine);
  } finally {
    await engine.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
