import { describe, expect, it } from 'vitest';
import { coverFocus, faceSquare } from '../../../src/renderer/state/face-square.js';

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

describe('coverFocus: a square grid cell of a wide (or tall) photo shows the face', () => {
  // what CSS does with object-fit: cover and object-position "px% py%": the photo is scaled to cover the square and
  // its overflow is split p% before the window, so the window's first photo pixel is p% of (extent - side)
  const window = (focus: string, width: number, height: number) => {
    const [px, py] = focus.split(' ').map((v) => Number(v.replace('%', '')) / 100);
    const side = Math.min(width, height);
    return { x: px * (width - side), y: py * (height - side), side };
  };

  it('centres the square on a face at the side of a wide group photo (a centred crop would cut it off)', () => {
    const box: [number, number, number, number] = [100, 200, 120, 120]; // face centre at x 160 of a 1800 x 600 photo
    const w = window(coverFocus(box, 1800, 600), 1800, 600);
    // the centred crop shows x 600-1200: the face is not in it; the focused one has it in its middle
    expect(w.x).toBeLessThanOrEqual(160 - 60);
    expect(w.x + w.side).toBeGreaterThanOrEqual(160 + 60);
    const right = window(coverFocus([1200, 100, 120, 120], 1800, 600), 1800, 600);
    expect(right.x + right.side / 2).toBeCloseTo(1260, 0);
    expect(right.y).toBe(0);
  });

  it('stops at the photo\'s edge, and moves along the long side only', () => {
    expect(coverFocus([0, 10, 50, 50], 1800, 600)).toBe('0% 50%');
    expect(coverFocus([1750, 10, 50, 50], 1800, 600)).toBe('100% 50%');
    const tall = window(coverFocus([100, 50, 100, 100], 400, 1200), 400, 1200);
    expect(tall.x).toBe(0);
    expect(tall.y).toBe(0);
    expect(coverFocus([100, 100, 50, 50], 500, 500)).toBe('50% 50%');
    expect(coverFocus([100, 100, 50, 50], 0, 0)).toBe('50% 50%');
  });
});
