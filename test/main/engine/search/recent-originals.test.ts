import { describe, expect, it } from 'vitest';
import { RecentOriginals } from '../../../../src/main/engine/search/recent-originals.js';

const v = (x: number): Float32Array => Float32Array.of(x, 1 - x);

describe('RecentOriginals', () => {
  it('makes a vector once per projection and serves it from memory after', () => {
    const recent = new RecentOriginals<object>(8);
    const projection = {};
    let made = 0;
    const make = (): Float32Array => {
      made++;
      return v(0.5);
    };
    expect(recent.get(1, projection, make)).toEqual(v(0.5));
    expect(recent.get(1, projection, make)).toEqual(v(0.5));
    expect(made).toBe(1);
    // a new whitening fit: every vector made under the old one is stale
    expect(recent.get(1, {}, make)).toEqual(v(0.5));
    expect(made).toBe(2);
  });

  it('serves what was put, not what make would give, and nothing after clear', () => {
    const recent = new RecentOriginals<object>(8);
    const projection = {};
    recent.put(3, projection, v(0.25));
    expect(recent.get(3, projection, () => v(0.9))).toEqual(v(0.25));
    recent.clear();
    expect(recent.get(3, projection, () => v(0.9))).toEqual(v(0.9));
  });

  it('holds at most its capacity, dropping the least recently used', () => {
    const recent = new RecentOriginals<object>(2);
    const projection = {};
    recent.put(1, projection, v(0.1));
    recent.put(2, projection, v(0.2));
    recent.get(1, projection, () => undefined); // 1 used last: 2 goes first
    recent.put(3, projection, v(0.3));
    expect(recent.size).toBe(2);
    expect(recent.get(2, projection, () => undefined)).toBeUndefined();
    expect(recent.get(1, projection, () => undefined)).toEqual(v(0.1));
    expect(recent.get(3, projection, () => undefined)).toEqual(v(0.3));
  });
});
