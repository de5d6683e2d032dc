// The photo sets the indexing benchmarks run on (bench/index-throughput.ts, bench/index-memory.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isPhotoFileName } from '../src/main/engine/media/index.js';

/** The photos under `folder`, in name order; at most `limit`, spread evenly over the sub-folders. */
export function photosIn(folder: string, limit = Infinity): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (isPhotoFileName(e.name)) out.push(p);
    }
  };
  walk(folder);
  if (out.length <= limit) return out;
  // an even spread over the categories, not the first few folders
  const step = out.length / limit;
  return Array.from({ length: limit }, (_, i) => out[Math.floor(i * step)]);
}

/** The photos as a folder of their own (hard links: no copy), so that the engine indexes exactly these. */
export function stageSet(name: string, files: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `loupe-bench-${name}-`));
  files.forEach((f, i) => {
    const to = path.join(dir, `${String(i).padStart(4, '0')}-${path.basename(f)}`);
    try {
      fs.linkSync(f, to);
    } catch {
      fs.copyFileSync(f, to);
    }
  });
  return dir;
}
