import { describe, expect, it } from 'vitest';
import {
  augmentDatabase,
  dbaVector,
  searchWithQueryExpansion,
  type KnnSearch,
} from '../../../../src/main/engine/embedding/query-expansion.js';

const unit = (deg: number): Float32Array => Float32Array.of(Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180));
const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, v, i) => s + v * b[i], 0);

/** An exact search over a small map of unit vectors, standing in for HNSW. */
function exactSearch(db: Map<string, Float32Array>): KnnSearch<string> {
  return (v, k) =>
    [...db.entries()]
      .map(([id, x]) => ({ id, score: dot(v, x) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, k);
}

// A cluster of three "boats" at 12..26 degrees and one lone "car" at -16 degrees. Seen from a query
// at 0 degrees the car is the second hit; expanding the query with its best hit (a boat) swings it
// towards the cluster and pushes the car behind all three boats.
const db = new Map<string, Float32Array>([
  ['boat1', unit(12)],
  ['boat2', unit(20)],
  ['boat3', unit(26)],
  ['car', unit(-16)],
]);
const lookup = (id: string): Float32Array | undefined => db.get(id);

describe('alpha query expansion', () => {
  it('re-ranks towards the cluster of the top hits', () => {
    const search = exactSearch(db);
    const plain = search(unit(0), 4).map((n) => n.id);
    expect(plain).toEqual(['boat1', 'car', 'boat2', 'boat3']);
    const expanded = searchWithQueryExpansion(search, lookup, unit(0), 4, { k: 1, alpha: 1 }).map((n) => n.id);
    expect(expanded).toEqual(['boat1', 'boat2', 'boat3', 'car']);
  });

  it('with k = 0 is the plain search, and never returns the query photo itself', () => {
    const search = exactSearch(db);
    expect(searchWithQueryExpansion(search, lookup, unit(0), 3, { k: 0, alpha: 1 })).toEqual(search(unit(0), 3));
    const fromBoat = searchWithQueryExpansion(search, lookup, db.get('boat2')!, 3, { k: 2, alpha: 1 }, 'boat2');
    expect(fromBoat.map((n) => n.id)).not.toContain('boat2');
    expect(fromBoat).toHaveLength(3);
  });
});

describe('database-side augmentation', () => {
  it('pulls cluster members together and leaves the stored originals untouched', () => {
    const ids = [...db.keys()];
    const before = dot(db.get('boat1')!, db.get('boat3')!);
    const snapshot = ids.map((id) => Array.from(db.get(id)!));
    const aug = augmentDatabase(ids, exactSearch(db), lookup, { k: 1, alpha: 1 });
    const byId = new Map(ids.map((id, i) => [id, aug[i]]));
    expect(dot(byId.get('boat1')!, byId.get('boat3')!)).toBeGreaterThan(before);
    for (const v of aug) expect(Math.hypot(...v)).toBeCloseTo(1, 6);
    // originals are read, never written: rerunning DBA gives the same result, not a drift
    expect(ids.map((id) => Array.from(db.get(id)!))).toEqual(snapshot);
    expect(augmentDatabase(ids, exactSearch(db), lookup, { k: 1, alpha: 1 })).toEqual(aug);
  });

  it('mixes in neighbours, not the photo itself, and weighs them by similarity^alpha', () => {
    const search = exactSearch(db);
    const angle = (x: Float32Array): number => (Math.atan2(x[1], x[0]) * 180) / Math.PI;
    // boat2's nearest OTHER photo is boat3 (6 degrees away): it moves towards it. Were boat2 counted
    // as its own neighbour (score 1) it would not move at all.
    const v = dbaVector('boat2', db.get('boat2')!, search, lookup, { k: 1, alpha: 1 });
    expect(angle(v)).toBeGreaterThan(22);
    expect(angle(v)).toBeLessThan(24);
    // the car's only neighbour (k = 1) is boat1: it moves towards it, less so with a larger alpha
    const car1 = dbaVector('car', db.get('car')!, search, lookup, { k: 1, alpha: 1 });
    const car5 = dbaVector('car', db.get('car')!, search, lookup, { k: 1, alpha: 5 });
    expect(angle(car1)).toBeGreaterThan(-16);
    expect(angle(car5)).toBeLessThan(angle(car1));
    expect(angle(car5)).toBeGreaterThan(-16);
  });
});
