import { describe, expect, it } from 'vitest';
import { faceSquare } from '../../../src/renderer/state/face-square.js';

const within = ([x, y, side]: [number, number, number], width: number, height: number) => {
  expect(x).toBeGreaterThanOrEqual(0);
  expect(y).toBeGreaterThanOrEqual(0);
  expect(x + side).toBeLessThanOrEqual(width);
  expect(y + side).toBeLessThanOrEqual(height);
};

describe('faceSquare: the part of a photo a face avatar shows', () => {
  it('centres a face with a margin where the photo has room', () => {
    expect(faceSquare([100, 100, 50, 50], 400, 300)).toEqual([92.5, 92.5, 65]);
  });

  it('keeps a close-up that runs out of the frame inside the photo (no empty band across the avatar)', () => {
    // a face box as the detector gives it for a close-up: above the top edge and taller than the photo
    const square = faceSquare([128, -100, 632, 633], 760, 533);
    within(square, 760, 533);
    expect(square[2]).toBe(533);
    // still centred on the face across
    expect(square[0] + square[2] / 2).toBeCloseTo(128 + 316, 0);
  });

  it('moves the square inside at an edge rather than shrinking the face', () => {
    const square = faceSquare([0, 200, 60, 60], 400, 300);
    within(square, 400, 300);
    expect(square[2]).toBe(78);
  });

  it('keeps the plain centred square when the photo size is unknown', () => {
    expect(faceSquare([10, 10, 20, 20], 0, 0)).toEqual([7, 7, 26]);
  });
});
