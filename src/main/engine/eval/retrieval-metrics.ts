/** Average precision of one ranking: mean of precision@i over the ranks i where a relevant item appears,
 *  divided by ALL relevant items (those never retrieved count as zero). */
export function averagePrecision(ranking: readonly boolean[], relevantTotal: number): number {
  if (relevantTotal === 0) return 0;
  let hits = 0;
  let sum = 0;
  ranking.forEach((relevant, i) => {
    if (!relevant) return;
    hits++;
    sum += hits / (i + 1);
  });
  return sum / relevantTotal;
}

export function precisionAt(ranking: readonly boolean[], k: number): number {
  const top = ranking.slice(0, k);
  return top.length === 0 ? 0 : top.filter(Boolean).length / k;
}

export interface RetrievalScores {
  mAP: number;
  'P@1': number;
  'P@10': number;
  queries: number;
}

/** Mean AP, P@1 and P@10 over queries; each ranking excludes the query itself. */
export function scoreRetrieval(rankings: readonly { ranking: boolean[]; relevantTotal: number }[]): RetrievalScores {
  const n = rankings.length;
  const mean = (f: (r: { ranking: boolean[]; relevantTotal: number }) => number) =>
    n === 0 ? 0 : Math.round((rankings.reduce((s, r) => s + f(r), 0) / n) * 10000) / 10000;
  return {
    mAP: mean((r) => averagePrecision(r.ranking, r.relevantTotal)),
    'P@1': mean((r) => precisionAt(r.ranking, 1)),
    'P@10': mean((r) => precisionAt(r.ranking, 10)),
    queries: n,
  };
}
