// The keypoint check made once and read back (local-checks.ts): the pair rule decides every pair the same way from a
// stored verdict as from the check itself, true copies (crops, a turned copy) included; a pair never checked is
// checked when met and its verdict handed on to be stored.
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkNeighbours, checkOneWay, checkPartners, storedLocalCheck, type LocalVerdict, type PairCheck, type PartnerSource } from '../../../../src/main/engine/duplicates/local-checks.js';
import type { LocalFeatures } from '../../../../src/main/engine/duplicates/local-features.js';
import { matchPair, type DuplicateSignals } from '../../../../src/main/engine/duplicates/near-duplicate-rule.js';
import { REPO_ROOT } from '../../../helpers/fixtures.js';
import { cropOf, keypointsOf } from '../../../helpers/keypoints.js';

const fixture = (name: string): string => path.join(REPO_ROOT, 'test/fixtures/duplicates', name);

const features = keypointsOf;
const crop = (file: string, keep: number): Promise<Sharp> => cropOf(file, keep, [0.3, 0.6], 85);

/** Unit vectors whose every two have cosine 0.5: close enough for a point-by-point look, not for the embedding alone. */
function halfwayVectors(n: number): Float32Array[] {
  return Array.from({ length: n }, (_, i) => {
    const v = new Float32Array(n + 1);
    v[0] = Math.SQRT1_2;
    v[i + 1] = Math.SQRT1_2;
    return v;
  });
}

describe('keypoint checks made once', () => {
  it('a stored verdict decides each pair as the check does: crops and a turned copy join, other photos do not', async () => {
    const file = fixture('cold_water.jpg');
    const pictures: [string, LocalFeatures][] = [
      ['original', await features(sharp(file))],
      ['crop70', await features(await crop(file, 0.7))],
      ['crop50', await features(await crop(file, 0.5))],
      ['turned', await features(sharp(await sharp(file).rotate(5, { background: '#000' }).jpeg({ quality: 85 }).toBuffer()))],
      ...(await Promise.all(['grand_canyon_1.jpg', 'blackie.jpg', 'stop_sign_0005.jpg', 'stop_sign_0008.jpg'].map(async (f): Promise<[string, LocalFeatures]> => [f, await features(sharp(fixture(f)))]))),
    ];
    const vectors = halfwayVectors(pictures.length);
    // no hash: only the embedding (cosine 0.5) makes each pair worth a point-by-point look
    const signals: DuplicateSignals[] = pictures.map(([, local], i) => ({ local, embedding: vectors[i], width: 1000, height: 750 }));
    // each photo checked against the ones before it, as the deep pass checks a photo against its recorded neighbours
    const stored = new Map<string, LocalVerdict>();
    pictures.forEach(([, own], i) => {
      for (const c of checkNeighbours(own, pictures.slice(0, i).map(([, features], id) => ({ id, features })))) {
        stored.set(`${i}:${c.otherId}`, c.toOther);
        stored.set(`${c.otherId}:${i}`, c.fromOther);
      }
    });
    const store = { verdict: (a: number, b: number): LocalVerdict | undefined => stored.get(`${a}:${b}`) };
    const unexpected = (): void => {
      throw new Error('checked again although stored');
    };
    const joined: string[] = [];
    for (let a = 0; a < pictures.length; a++) {
      for (let b = 0; b < pictures.length; b++) {
        if (a === b) continue;
        const fresh = matchPair(signals[a], signals[b]);
        const read = matchPair(signals[a], signals[b], storedLocalCheck(store, a, b, unexpected));
        const name = `${pictures[a][0]} ~ ${pictures[b][0]}`;
        expect({ level: read.level, rule: read.signals.rule, score: read.score }, name).toEqual({ level: fresh.level, rule: fresh.signals.rule, score: fresh.score });
        // a pair that joins explains itself from the stored match as from a fresh one
        if (fresh.level !== 'none') expect(read.signals, name).toEqual(fresh.signals);
        if (read.level !== 'none' && a < b) joined.push(name);
      }
    }
    // the copies of one picture join (each with the original, and with each other where their overlap verifies); nothing else
    expect(joined).toContain('original ~ crop70');
    expect(joined).toContain('original ~ crop50');
    expect(joined).toContain('original ~ turned');
    expect(joined.every((n) => !/jpg/.test(n)), joined.join(', ')).toBe(true);
  });

  it('a pair never checked is checked when met, and its verdict handed on to be stored', async () => {
    const file = fixture('cold_water.jpg');
    const [a, b] = [await features(sharp(file)), await features(await crop(file, 0.7))];
    const learned: [number, number, LocalVerdict][] = [];
    const check = storedLocalCheck({ verdict: () => undefined }, 7, 9, (x, y, v) => learned.push([x, y, v]));
    const m = check(a, b);
    expect(learned).toHaveLength(1);
    expect(learned[0][0]).toBe(7);
    expect(learned[0][1]).toBe(9);
    expect(learned[0][2]).toEqual(m); // it lines up: the match itself is kept
    // stored "does not line up": read back as nothing lined up, without checking
    const none = storedLocalCheck({ verdict: () => null }, 7, 9, () => {
      throw new Error('checked again');
    })(a, b);
    expect(none.tight).toBe(0);
  });

  it("the deep pass checks a photo against what its neighbours line up with, whichever of the three comes last, as grouping would", async () => {
    // X the original, Y its crop (they line up; X is placed first, so it is the group's representative), Z another
    // photo recorded as near Y only. Grouping compares Z with Y's representative, X: that check is made at indexing,
    // Z's keypoints against X's, whichever of the three photos is found last, and its verdict is the check's own.
    const file = fixture('cold_water.jpg');
    const [X, Y, Z] = [1, 2, 3];
    const keypoints = new Map<number, LocalFeatures>([
      [X, await features(sharp(file))],
      [Y, await features(await crop(file, 0.7))],
      [Z, await features(sharp(fixture('grand_canyon_1.jpg')))],
    ]);
    const recorded: [number, number][] = [[X, Y], [Y, Z]];
    for (const last of [X, Y, Z]) {
      // the two others found before, with their checks stored (both ways round, as checkNeighbours makes them)
      const found = new Set([X, Y, Z].filter((id) => id !== last));
      const stored = new Map<string, LocalVerdict>();
      const keep = (id: number, made: readonly PairCheck[]): void => {
        for (const c of made) {
          stored.set(`${id}:${c.otherId}`, c.toOther);
          stored.set(`${c.otherId}:${id}`, c.fromOther);
        }
      };
      const neighbours = (id: number, among: Set<number>): number[] =>
        recorded.flatMap(([a, b]) => (a === id ? [b] : b === id ? [a] : [])).filter((n) => among.has(n));
      const first = [...found][0];
      keep(first, checkNeighbours(keypoints.get(first)!, neighbours(first, new Set([...found].filter((id) => id !== first))).map((id) => ({ id, features: keypoints.get(id)! }))));
      const all = new Set([X, Y, Z]);
      const source: PartnerSource = {
        neighbourIds: (id) => neighbours(id, all),
        alignedWith: (id) => [...all].filter((o) => stored.get(`${id}:${o}`) || stored.get(`${o}:${id}`)),
        checked: (a, b) => stored.has(`${a}:${b}`),
        keypointsOf: (id) => keypoints.get(id),
        before: (a, b) => a < b,
      };
      const made = checkNeighbours(keypoints.get(last)!, neighbours(last, found).map((id) => ({ id, features: keypoints.get(id)! })));
      keep(last, made);
      const partners = checkPartners(last, keypoints.get(last)!, source, made);
      expect(stored.get(`${X}:${Y}`), 'the crop lines up with the original').toBeTruthy();
      // Z against X, the one way round grouping compares them (X placed first), with the check's own verdict
      expect(partners.map((c) => [c.a, c.b]), `${last} found last`).toEqual([[Z, X]]);
      expect(partners[0].verdict).toEqual(checkOneWay(keypoints.get(Z)!, keypoints.get(X)!));
      expect(partners[0].verdict).toBeNull(); // another picture
    }
  });
});

