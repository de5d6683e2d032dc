import { describe, expect, it } from 'vitest';
import { clampPan, fillScale, fitScale, zoomAt } from '../../../src/renderer/state/zoom-pan.js';

const stage = { w: 1000, h: 800 };

describe('viewer zoom and pan', () => {
  it('fits a large photo down but a small one at its own size, never blown up; fill covers the stage', () => {
    expect(fitScale({ w: 200, h: 100 }, stage)).toBe(1);
    expect(fitScale({ w: 1000, h: 800 }, stage)).toBe(1);
    expect(fitScale({ w: 2000, h: 100 }, stage)).toBe(0.5);
    expect(fillScale({ w: 200, h: 100 }, stage)).toBe(8);
    expect(fitScale({ w: 4000, h: 3000 }, stage)).toBeCloseTo(0.25);
  });

  it('fits a rotated photo by its turned size', () => {
    expect(fitScale({ w: 4000, h: 2000 }, stage, 90)).toBeCloseTo(0.2); // 2000 wide, 4000 tall on screen: the height decides
  });

  it('zooms about the cursor: the photo point under it stays put', () => {
    const v = zoomAt({ scale: 1, tx: 0, ty: 0 }, 2, { x: 100, y: -50 });
    // the point 100 px right of centre was photo px 100; after zooming it is at tx + 100 * 2 = 100
    expect(v.scale).toBe(2);
    expect(v.tx + 100 * v.scale).toBeCloseTo(100);
    expect(v.ty + -50 * v.scale).toBeCloseTo(-50);
  });

  it('keeps a photo smaller than the stage centred and a larger one from leaving it', () => {
    expect(clampPan({ scale: 0.1, tx: 300, ty: -300 }, { w: 1000, h: 1000 }, stage)).toEqual({ scale: 0.1, tx: 0, ty: 0 });
    const big = clampPan({ scale: 1, tx: 5000, ty: -5000 }, { w: 2000, h: 2000 }, stage);
    expect(big).toEqual({ scale: 1, tx: 500, ty: -600 });
  });
});
