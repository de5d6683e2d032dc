import { describe, expect, it } from 'vitest';
import { Grouper, regroup, type Deferred, type Match } from '../../../../src/main/engine/duplicates/grouper.js';

type Ev = string;

/**
 * A symmetric "who looks like whom" table; every call is logged so tests can check what was compared.
 * rank 2 = exact copy, 1 = near copy.
 */
function matcher(pairs: ReadonlyArray<[number, number, Match<Ev>]>) {
  const table = new Map<string, Match<Ev>>();
  for (const [a, b, m] of pairs) {
    table.set(`${a}-${b}`, m);
    table.set(`${b}-${a}`, m);
  }
  const calls: [number, number][] = [];
  const match = (fileId: number, rep: number): Match<Ev> | null => {
    calls.push([fileId, rep]);
    return table.get(`${fileId}-${rep}`) ?? null;
  };
  return { match, calls };
}

const near = (score: number, evidence = `near ${score}`): Match<Ev> => ({ rank: 1, score, evidence });
const exact = (score: number, evidence = 'exact'): Match<Ev> => ({ rank: 2, score, evidence });

describe('Grouper', () => {
  it('creates a group when a photo matches a singleton candidate, with the candidate as representative', () => {
    const g = new Grouper<Ev>();
    const { match } = matcher([[1, 2, near(0.9, 'hash 2')]]);
    const change = g.place(2, [1], match);
    expect(change).toEqual({
      created: { groupId: 1, representativeId: 1 },
      joined: { fileId: 2, membership: { groupId: 1, score: 0.9, evidence: 'hash 2' } },
    });
    expect(g.groupOf(1)).toBe(1);
    expect(g.groupOf(2)).toBe(1);
    expect(g.representativeOf(1)).toBe(1);
    expect(g.membersOf(1).sort()).toEqual([1, 2]);
    expect(g.groupCount).toBe(1);
  });

  it('returns null and groups nothing when no candidate matches, and ignores the photo itself as a candidate', () => {
    const g = new Grouper<Ev>();
    const { match, calls } = matcher([]);
    expect(g.place(5, [5, 6, 7], match)).toBeNull();
    expect(calls).toEqual([[5, 6], [5, 7]]);
    expect(g.groupOf(5)).toBeUndefined();
    expect(g.groupCount).toBe(0);
  });

  it('never chains: C that matches member B but not representative A is not pulled into A’s group', () => {
    const g = new Grouper<Ev>();
    // A=1 ~ B=2, B ~ C=3, but A !~ C
    const { match, calls } = matcher([[1, 2, near(0.95)], [2, 3, near(0.99)]]);
    g.place(2, [1], match);
    calls.length = 0;
    // C's nearest neighbours by the index are B and A; the grouper must only compare with the representative
    const change = g.place(3, [2, 1], match);
    expect(change).toBeNull();
    expect(g.groupOf(3)).toBeUndefined();
    expect(g.membersOf(1).sort()).toEqual([1, 2]);
    // only ever compared against representatives, and each representative once
    expect(calls).toEqual([[3, 1]]);
  });

  it('compares only with representatives even with many members as candidates', () => {
    const g = new Grouper<Ev>();
    const { match, calls } = matcher([[10, 11, near(0.9)], [10, 12, near(0.9)], [10, 13, near(0.9)], [10, 14, near(0.8)]]);
    g.place(11, [10], match);
    g.place(12, [11, 10], match);
    g.place(13, [12, 11], match);
    expect(g.membersOf(1).sort()).toEqual([10, 11, 12, 13]);
    calls.length = 0;
    const change = g.place(14, [13, 12, 11], match);
    expect(change?.created).toBeUndefined();
    expect(change?.joined.membership.groupId).toBe(1);
    expect(calls).toEqual([[14, 10]]);
  });

  it('joins the best match: higher rank first, then higher score', () => {
    const g = new Grouper<Ev>();
    // two existing groups: {1,2} and {3,4}; photo 9 is nearer to 1 by score but an exact copy of 3
    const { match } = matcher([
      [1, 2, near(0.9)],
      [3, 4, near(0.9)],
      [9, 1, near(0.99, 'near to 1')],
      [9, 3, exact(0.5, 'exact of 3')],
      [9, 5, near(0.97, 'near to 5')],
    ]);
    g.place(2, [1], match);
    g.place(4, [3], match);
    const change = g.place(9, [1, 5, 3], match);
    expect(change?.created).toBeUndefined();
    expect(change?.joined.membership).toEqual({ groupId: g.groupOf(3), score: 0.5, evidence: 'exact of 3' });
    expect(g.groupOf(5)).toBeUndefined();

    // same rank: the higher score wins whatever the candidate order
    for (const order of [[1, 5], [5, 1]]) {
      const h = new Grouper<Ev>();
      const m = matcher([[9, 1, near(0.8, 'to 1')], [9, 5, near(0.95, 'to 5')]]).match;
      const c = h.place(9, order, m);
      expect(c?.created?.representativeId).toBe(5);
      expect(c?.joined.membership.evidence).toBe('to 5');
    }
  });

  it('does not place a photo that already belongs to a group', () => {
    const g = new Grouper<Ev>();
    const { match, calls } = matcher([[1, 2, near(0.9)], [2, 3, near(0.9)]]);
    g.place(2, [1], match);
    calls.length = 0;
    expect(g.place(2, [3], match)).toBeNull();
    expect(calls).toEqual([]);
  });

  it('load() restores stored groups and new group ids do not collide with them', () => {
    const g = new Grouper<Ev>();
    g.load(7, 70, [70, 71, 72]);
    g.load(3, 30, [30, 31]);
    expect(g.groupCount).toBe(2);
    expect(g.groupOf(71)).toBe(7);
    expect(g.representativeOf(3)).toBe(30);
    const { match, calls } = matcher([[73, 70, near(0.9)], [100, 101, near(0.9)]]);
    // joins a loaded group through its representative
    const joined = g.place(73, [72], match);
    expect(calls).toEqual([[73, 70]]);
    expect(joined).toEqual({ created: undefined, joined: { fileId: 73, membership: { groupId: 7, score: 0.9, evidence: 'near 0.9' } } });
    // a new group gets an id above every loaded one
    const created = g.place(101, [100], match);
    expect(created?.created?.groupId).toBe(8);
    // the constructor's starting id is respected when it is higher
    const h = new Grouper<Ev>(50);
    h.load(3, 30, [30, 31]);
    expect(h.place(101, [100], match)?.created?.groupId).toBe(50);
  });
});

describe('regroup with deferred matches', () => {
  // photos 1..n in rank order, every pair a candidate; a match table, some of it costly to decide (deferred)
  const everyone = (n: number) => (id: number): number[] => Array.from({ length: n }, (_, i) => i + 1).filter((x) => x !== id);
  const nobodyOutside = (): undefined => undefined;

  it('decides a deferred match only when its bound could still win, ties going to the earlier candidate', () => {
    const finished: string[] = [];
    const deferred = (key: string, bound: number, m: Match<Ev> | null): Deferred<Ev> => ({
      bound: { rank: 1, score: bound },
      finish: () => {
        finished.push(key);
        return m;
      },
    });
    // 3's candidates in order: 1 (deferred, bound 0.9, really 0.9), 2 (decided: 0.9). 1 ties 2 and comes first: decided,
    // and wins. 4: 1 (decided 0.95), 2 (deferred, bound 0.9): never decided.
    const table: Record<string, Match<Ev> | Deferred<Ev> | null> = {
      '3-1': deferred('3-1', 0.9, near(0.9, 'via 1')),
      '3-2': near(0.9, 'via 2'),
      '4-1': near(0.95, '4 via 1'),
      '4-2': deferred('4-2', 0.9, near(0.9)),
    };
    const result = regroup([1, 2, 3, 4], everyone(4), nobodyOutside, (id, rep) => table[`${id}-${rep}`] ?? null);
    expect(finished).toEqual(['3-1']);
    expect(result.groups.map((g) => [g.representativeId, ...g.members.map((m) => m.fileId)])).toEqual([[1, 1, 3, 4]]);
    expect(result.groups[0].members.find((m) => m.fileId === 3)!.evidence).toBe('via 1');
  });

  it('gives the groups that deciding every match in order gives, on random tables', () => {
    let s = 7;
    const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    let asked = 0;
    let finishes = 0;
    for (let round = 0; round < 200; round++) {
      const n = 12;
      const table = new Map<string, { m: Match<Ev> | null; bound: number | null }>();
      for (let a = 1; a <= n; a++) {
        for (let b = 1; b < a; b++) {
          const r = rnd();
          const m = r < 0.5 ? null : r < 0.6 ? exact(1, `${a}=${b}`) : near(Math.round(rnd() * 4) / 4, `${a}~${b}`);
          // deferred with a bound no less than the match (sometimes equal, so ties are met)
          const bound = rnd() < 0.5 ? (m && m.rank === 2 ? null : Math.min(1, (m?.score ?? 0) + (rnd() < 0.5 ? 0 : 0.25))) : null;
          table.set(`${a}-${b}`, { m, bound });
        }
      }
      const eager = regroup(Array.from({ length: n }, (_, i) => i + 1), everyone(n), nobodyOutside, (id, rep) => table.get(`${id}-${rep}`)?.m ?? null);
      const lazy = regroup(Array.from({ length: n }, (_, i) => i + 1), everyone(n), nobodyOutside, (id, rep) => {
        const t = table.get(`${id}-${rep}`);
        if (!t || t.bound === null) return t?.m ?? null;
        asked++;
        return { bound: { rank: 1, score: t.bound }, finish: () => (finishes++, t.m) };
      });
      expect(lazy).toEqual(eager);
    }
    // and some of the costly decisions were never made
    expect(finishes).toBeGreaterThan(0);
    expect(finishes).toBeLessThan(asked);
  });

  it('bridges a copy of a member to its group only where it matched no representative (a crop of a crop)', () => {
    // 1 the original; 2 its 90% crop (matches 1); 3 a crop of 2 that does not match 1; 4 a crop of 3 alone
    const table: Record<string, Match<Ev>> = { '2-1': near(0.9, '2 on 1'), '4-3': near(0.85, '4 on 3') };
    const match = (id: number, rep: number): Match<Ev> | null => table[`${id}-${rep}`] ?? null;
    const asked: string[] = [];
    const bridge = (id: number, member: number, rep: number): Match<Ev> | null => {
      asked.push(`${id} via ${member} to ${rep}`);
      return id === 3 && member === 2 && rep === 1 ? near(0.82, '3 via 2') : null;
    };
    const without = regroup([1, 2, 3, 4], everyone(4), nobodyOutside, match);
    expect(without.groups.map((g) => g.members.map((m) => m.fileId))).toEqual([[1, 2], [3, 4]]);
    const bridged = regroup([1, 2, 3, 4], everyone(4), nobodyOutside, match, bridge);
    expect(bridged.groups.map((g) => g.members.map((m) => m.fileId))).toEqual([[1, 2, 3]]);
    expect(bridged.groups[0].members.find((m) => m.fileId === 3)!.evidence).toBe('3 via 2');
    // 2 matched its representative and was never offered a bridge; 3 was offered member 2 only (1 is a representative);
    // 4 matched nobody placed before it that is a representative (3 is a member now, and 4 does not match 1), so it
    // is offered 2 and 3, and bridges to neither (the table says no)
    expect(asked).toEqual(['3 via 2 to 1', '4 via 2 to 1', '4 via 3 to 1']);
  });
});
