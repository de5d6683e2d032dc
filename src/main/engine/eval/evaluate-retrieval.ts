import fs from 'node:fs';
import type { EngineOptions } from '../engine.js';
import type { Job } from '../jobs/job.js';
import { PHOTO_EXTENSIONS } from '../media/index.js';
import { labeledImages, withTemporaryLibrary } from './eval-library.js';
import { scoreRetrieval, type RetrievalScores } from './retrieval-metrics.js';

export interface RetrievalEvalOptions extends Omit<EngineOptions, 'home'> {
  /** results kept per query in --ranks (at least 100) */
  k?: number;
  /** writes one line per query: {"query": relpath, "results": [relpath, ...]} */
  ranksFile?: string;
  job?: Job;
}

export interface RetrievalEvalResult extends RetrievalScores {
  /** images that could not be indexed (left out of queries and results) */
  skipped: number;
}

/**
 * `loupe eval retrieval`: indexes a folder whose sub-folders are classes into a temporary home, exactly as the app
 * indexes a library, queries every image against all the others with the app's own find-similar, and scores the
 * full rankings (relevant = same sub-folder).
 */
export async function evaluateRetrieval(folder: string, options: RetrievalEvalOptions = {}): Promise<RetrievalEvalResult> {
  const images = labeledImages(folder, PHOTO_EXTENSIONS);
  const keep = Math.max(100, options.k ?? 100);
  return withTemporaryLibrary(folder, options, options.job, async (engine) => {
    const indexed = [];
    for (const img of images) {
      const id = engine.library.photoIdAt(img.path);
      const info = id === null ? null : engine.library.info(id);
      if (info && info.state === 'ready') indexed.push({ ...img, id: info.id });
    }
    const byId = new Map(indexed.map((x) => [x.id, x]));
    const classSize = new Map<string, number>();
    for (const x of indexed) classSize.set(x.label, (classSize.get(x.label) ?? 0) + 1);
    const everyone = indexed.length - 1;
    const rankings = [];
    const lines: string[] = [];
    for (const q of indexed) {
      const { results } = await engine.similar(q.path, Math.max(1, everyone));
      const ranked = results.map((r) => byId.get(r.id)).filter((x) => x !== undefined);
      rankings.push({ ranking: ranked.map((r) => r.label === q.label), relevantTotal: classSize.get(q.label)! - 1 });
      if (options.ranksFile) lines.push(JSON.stringify({ query: q.rel, results: ranked.slice(0, keep).map((r) => r.rel) }));
    }
    if (options.ranksFile) fs.writeFileSync(options.ranksFile, lines.join('\n') + '\n');
    return { ...scoreRetrieval(rankings), skipped: images.length - indexed.length };
  });
}
