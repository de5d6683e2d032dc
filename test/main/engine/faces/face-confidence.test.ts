import { describe, expect, it } from 'vitest';
import { FACE_CONFIDENCE, MAX_FACE_CONFIDENCE, faceConfidence, fitConfidence } from '../../../../src/main/engine/faces/face-confidence.js';
import { SUGGEST_MIN, SUGGEST_MIN_CONFIDENCE } from '../../../../src/main/engine/faces/people-service.js';

describe('faceConfidence: the chance a face is the person it is close to', () => {
  it('is monotone in the similarity (orders and cuts made on the similarity keep their meaning) and below 1', () => {
    let last = -1;
    for (let s = 0.5; s <= 1.0001; s += 0.001) {
      const c = faceConfidence(s);
      expect(c).toBeGreaterThanOrEqual(last);
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(MAX_FACE_CONFIDENCE);
      last = c;
    }
    expect(faceConfidence(1)).toBeLessThan(1); // 1 is the user's own decisions
  });

  it('says a stranger-like match is unlikely and a close one likely (dlib cosines sit near 1 for everyone)', () => {
    expect(faceConfidence(SUGGEST_MIN)).toBeCloseTo(SUGGEST_MIN_CONFIDENCE, 3); // suggestions start where 5 % is shown
    expect(faceConfidence(0.91)).toBeLessThan(0.2);
    expect(faceConfidence(0.96)).toBeGreaterThan(0.95);
  });

  it('fits a logistic to (similarity, right) pairs: a known curve is recovered, a separable set gives a finite slope', () => {
    // pairs drawn from p = logistic(-90 + 100 s), deterministic (right where p exceeds an evenly spread threshold)
    const truth = { intercept: -90, slope: 100 };
    const pairs: { similarity: number; right: boolean }[] = [];
    for (let i = 0; i < 4000; i++) {
      const s = 0.8 + (0.2 * i) / 4000;
      const p = 1 / (1 + Math.exp(-(truth.intercept + truth.slope * s)));
      pairs.push({ similarity: s, right: ((i * 0.618034) % 1) < p });
    }
    const fit = fitConfidence(pairs);
    expect(-fit.intercept / fit.slope).toBeCloseTo(0.9, 2);
    expect(fit.slope).toBeGreaterThan(80);
    expect(fit.slope).toBeLessThan(125);

    const separable = [0.86, 0.88, 0.9, 0.91].map((s) => ({ similarity: s, right: false })).concat([0.94, 0.95, 0.97, 0.98].map((s) => ({ similarity: s, right: true })));
    const step = fitConfidence(separable);
    expect(Number.isFinite(step.slope)).toBe(true);
    expect(-step.intercept / step.slope).toBeGreaterThan(0.91);
    expect(-step.intercept / step.slope).toBeLessThan(0.94);
    expect(faceConfidence(0.98, step)).toBeLessThan(MAX_FACE_CONFIDENCE + 1e-9);
    expect(() => fitConfidence([{ similarity: 0.9, right: true }])).toThrow();
  });

  it('keeps the shipped curve where it was fitted: half way between faces-dev\'s strangers (< 0.93) and its people', () => {
    const middle = -FACE_CONFIDENCE.intercept / FACE_CONFIDENCE.slope;
    expect(middle).toBeGreaterThan(0.92);
    expect(middle).toBeLessThan(0.94);
  });
});
