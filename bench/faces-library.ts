// The face benches' libraries: photos copied under neutral names, indexed ONCE by the real engine into a home under
// os.tmpdir() and reused by later runs (delete the folder to index again); their faces read back from the catalog,
// exactly as the app stored them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCatalogDb } from '../src/main/engine/catalog/database.js';
import { LoupeEngine } from '../src/main/engine/engine.js';
import { FACE_MODEL_VERSION } from '../src/main/engine/faces/face-types.js';
import { Job } from '../src/main/engine/jobs/job.js';

export interface StoredFace {
  id: number;
  fileId: number;
  /** the neutral copy's path, and the original it was copied from */
  path: string;
  source: string;
  /** the photo as displayed */
  width: number;
  height: number;
  box: [number, number, number, number];
  score: number;
  quality: string;
  descriptor: Float32Array | null;
}

/**
 * `files`: [original, neutral file name] pairs, copied into `root`/photos and indexed into `root`/home the first time.
 * Returns every detected face shown (not removed) of the current face model; exits when the cached library's faces
 * are of another model.
 */
export async function facesOfLibrary(root: string, files: readonly [string, string][]): Promise<StoredFace[]> {
  const name = path.basename(root);
  const photos = path.join(root, 'photos');
  const home = path.join(root, 'home');
  const done = path.join(root, 'sources.json');
  if (!fs.existsSync(done)) {
    fs.rmSync(root, { recursive: true, force: true });
    fs.mkdirSync(photos, { recursive: true });
    for (const [src, dst] of files) fs.copyFileSync(src, path.join(photos, dst));
    const engine = LoupeEngine.open({ home, warn: () => {} });
    try {
      const cpu = process.cpuUsage();
      await engine.library.addFolder(photos);
      const s = await engine.library.index(new Job('index'));
      const used = process.cpuUsage(cpu);
      console.log(`${name}: indexed ${s.added} photos (${((used.user + used.system) / 1e6).toFixed(0)} CPU s in this process, load ${os.loadavg()[0].toFixed(1)})`);
    } finally {
      await engine.close();
    }
    fs.writeFileSync(done, JSON.stringify(Object.fromEntries(files.map(([src, dst]) => [path.join(photos, dst), src]))));
  }
  const sources = JSON.parse(fs.readFileSync(done, 'utf8')) as Record<string, string>;
  const db = openCatalogDb(home);
  try {
    const rows = db.prepare(
      `SELECT f.id, f.file_id, f.x, f.y, f.w, f.h, f.score, f.quality, f.model, f.descriptor, fl.path, fl.width, fl.height
       FROM faces f JOIN files fl ON fl.id = f.file_id WHERE f.removed = 0 AND f.source = 'detected'`,
    ).all() as { id: number; file_id: number; x: number; y: number; w: number; h: number; score: number; quality: string; model: string; descriptor: Buffer | null; path: string; width: number; height: number }[];
    if (rows.some((r) => r.descriptor && r.model !== FACE_MODEL_VERSION)) {
      console.error(`${name}: the cached library's faces are of another face model; delete ${root} and run again`);
      process.exit(1);
    }
    return rows.map((r) => ({
      id: r.id, fileId: r.file_id, path: r.path, source: sources[r.path], width: r.width, height: r.height,
      box: [r.x, r.y, r.w, r.h], score: r.score, quality: r.quality,
      descriptor: r.descriptor ? new Float32Array(r.descriptor.buffer, r.descriptor.byteOffset, r.descriptor.byteLength / 4) : null,
    }));
  } finally {
    db.close();
  }
}
