// The geometry between a photo as displayed and the photo turned for reading: a pixel marked in a photo, turned by
// sharp (as the text reader turns it), is mapped back to where it was.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { halfTurnQuad, TEXT_TURNS, unturnPoint, unturnQuad } from '../../../../src/main/engine/text/text-turn.js';

describe('text turns: from the turned photo back to the photo as displayed', () => {
  it('maps a pixel of the photo turned clockwise by sharp back onto the photo', async () => {
    const width = 7, height = 4, mark: [number, number] = [5, 1];
    const data = new Uint8Array(width * height * 3);
    data[(mark[1] * width + mark[0]) * 3] = 255;
    for (const turn of TEXT_TURNS) {
      const out = await sharp(data, { raw: { width, height, channels: 3 } }).rotate(turn).raw().toBuffer({ resolveWithObject: true });
      const at = out.data.findIndex((v, i) => i % 3 === 0 && v === 255) / 3;
      // the marked pixel's square [x, x+1] x [y, y+1] in the turned photo, its centre mapped back
      const centre: [number, number] = [(at % out.info.width) + 0.5, Math.floor(at / out.info.width) + 0.5];
      expect(unturnPoint(centre, turn, width, height), `turn ${turn}`).toEqual([mark[0] + 0.5, mark[1] + 0.5]);
    }
  });

  it('keeps a line\'s reading order: its first corner is still where the line starts', () => {
    // a line read left to right in the photo turned a quarter clockwise starts at the bottom of the photo as displayed
    const quad: [number, number][] = [[0.1, 0.2], [0.6, 0.2], [0.6, 0.3], [0.1, 0.3]];
    expect(unturnQuad(quad, 90, 1, 1).map(([x, y]) => [+x.toFixed(3), +y.toFixed(3)])).toEqual([[0.2, 0.9], [0.2, 0.4], [0.3, 0.4], [0.3, 0.9]]);
    // the other way up: the same box, read from its bottom-right corner
    expect(halfTurnQuad(quad)).toEqual([[0.6, 0.3], [0.1, 0.3], [0.1, 0.2], [0.6, 0.2]]);
  });
});
