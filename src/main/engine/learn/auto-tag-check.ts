// Checking the detector's automatic tags against what the photo looks like, with the learned-tags machinery: the
// photos that show a label (its automatic tag at or above the display threshold, or added by hand) are that
// label's examples; each photo is scored by its likeness to them (cosine to their mean, in the learned-tags
// vector space). Two verdicts, both precision first:
// - contradicted: a photo showing the label that looks less like the label's other photos than CONTRADICTED_SHARE
//   of the photos without it do is hidden (the rabbit tagged "dog");
// - supported: a photo the detector saw the label on, below the display threshold, that the library's own ranking
//   puts among the label's photos (threshold.ts: libraryTailThreshold, the learned tags' cut) is shown.
// A label with fewer than MIN_SHOWN photos is left alone (its mean means little), and so is a library too small
// for the tail fit. Hand tags and removals are never judged: they are not automatic tags.
import { libraryTailThreshold } from './threshold.js';
import { dotRow, type Rows } from './rows.js';

/** A photo showing the label looks less like it than this share of the photos without it: contradicted. */
export const CONTRADICTED_SHARE = 0.97;
/** Fewer photos than this showing a label: its mean is too thin to judge by. */
export const MIN_SHOWN = 5;
/** Photos needed for the library's ranking to say which weak detections it supports (threshold.ts). */
export const MIN_LIBRARY = 200;
/** F-beta of the cut for supported tags: precision first, as for learned tags. */
const SUPPORT_BETA = 0.5;

export interface LabelEvidence {
  /** rows (of the library matrix) showing the label: automatic at or above the display threshold, or by hand */
  shown: readonly number[];
  /** rows with an automatic tag for the label below the display threshold (stored, not shown) */
  weak: readonly number[];
}

export interface AutoTagVerdict {
  row: number;
  verdict: 'contradicted' | 'supported';
  /** cosine to the label's mean (leave-one-out for shown photos) */
  score: number;
}

/** The verdicts on one label. `hand`: rows among `shown` a person tagged by hand (never contradicted). */
export function checkLabel(x: Rows, evidence: LabelEvidence, hand: ReadonlySet<number> = new Set()): AutoTagVerdict[] {
  const { shown, weak } = evidence;
  if (shown.length < MIN_SHOWN || x.n < MIN_LIBRARY) return [];
  const mean = new Float64Array(x.dim);
  for (const r of shown) for (let j = 0; j < x.dim; j++) mean[j] += x.data[r * x.dim + j] / shown.length;
  const isShown = new Set(shown);
  const others: number[] = [];
  const scores = new Float64Array(x.n);
  for (let r = 0; r < x.n; r++) {
    scores[r] = dotRow(x, r, mean);
    if (!isShown.has(r)) others.push(r);
  }
  const rest = Float64Array.from(others, (r) => scores[r]);
  const sorted = Float64Array.from(rest).sort();
  const floor = sorted[Math.min(sorted.length - 1, Math.floor(CONTRADICTED_SHARE * sorted.length))];
  const cut = libraryTailThreshold(rest, SUPPORT_BETA);
  const out: AutoTagVerdict[] = [];
  const n = shown.length;
  for (const r of shown) {
    if (hand.has(r)) continue;
    // leave the photo out of the mean it is judged by (rows are unit vectors: x.x = 1)
    const loo = (scores[r] * n - dotRow(x, r, x.data.subarray(r * x.dim, (r + 1) * x.dim))) / (n - 1);
    if (loo < floor) out.push({ row: r, verdict: 'contradicted', score: loo });
  }
  if (Number.isFinite(cut)) {
    for (const r of weak) if (!isShown.has(r) && scores[r] >= cut) out.push({ row: r, verdict: 'supported', score: scores[r] });
  }
  return out;
}
