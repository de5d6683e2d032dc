// Runs the appearance check of automatic tags (auto-tag-check.ts) over the whole library after an index run and
// stores its verdicts; SHOWN_TAG_SQL applies them everywhere tags show. The evidence per label: the photos that
// show it now (automatic at or above the display threshold, or added by hand), and the weak detections below it.
// Photos a person decided by hand for a label are never judged: their own tag, or its removal, always wins.
import type { AutoTagCheckRepository, AutoTagCheckRow } from '../catalog/auto-tag-check-repository.js';
import { checkLabel } from './auto-tag-check.js';
import type { LearnVectors } from './learn-vectors.js';

export class AutoTagChecker {
  constructor(private readonly deps: { checks: AutoTagCheckRepository; vectors: LearnVectors; threshold: () => number }) {}

  async run(): Promise<{ contradicted: number; supported: number }> {
    const lib = await this.deps.vectors.library();
    const threshold = this.deps.threshold();
    const labels = new Map<number, { shown: number[]; weak: number[]; hand: Set<number>; decided: Set<number> }>();
    const evidence = this.deps.checks.evidence();
    for (const e of evidence) {
      const row = lib.rowOf.get(e.file_id);
      if (row === undefined) continue;
      const l = labels.get(e.tag_id) ?? { shown: [], weak: [], hand: new Set<number>(), decided: new Set<number>() };
      labels.set(e.tag_id, l);
      if (e.source === 'user') l.decided.add(row);
      if (e.source === 'user' && !e.removed) l.hand.add(row);
    }
    for (const e of evidence) {
      const row = lib.rowOf.get(e.file_id);
      const l = labels.get(e.tag_id);
      if (row === undefined || !l || e.source !== 'auto' || l.decided.has(row)) continue;
      (e.confidence !== null && e.confidence >= threshold ? l.shown : l.weak).push(row);
    }
    const out: AutoTagCheckRow[] = [];
    for (const [tagId, l] of labels) {
      for (const v of checkLabel(lib.x, { shown: [...l.shown, ...l.hand], weak: l.weak }, l.hand)) {
        out.push({ fileId: lib.ids[v.row], tagId, verdict: v.verdict === 'contradicted' ? -1 : 1, score: v.score });
      }
    }
    this.deps.checks.replaceAll(out);
    return this.deps.checks.counts();
  }
}
