// The order of the text reader's steps, with the model process faked at its seam (TextModels): the costly steps
// run only when the cheap ones say so. The real models' decisions: test/main/worker/text/text-runner.test.ts.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TextConfirmResult, TextLineResult, TextLookResult } from '../../../../src/main/engine/inference/protocol.js';
import type { RgbImage } from '../../../../src/main/engine/media/rgb-image.js';
import { CONFIRM_EDGE, LOOK_EDGE } from '../../../../src/main/engine/text/text-models.js';
import { TextReader, type TextModels } from '../../../../src/main/engine/text/text-reader.js';
import type { TextTurn } from '../../../../src/main/engine/text/text-turn.js';
import { REPO_ROOT } from '../../../helpers/fixtures.js';

const PHOTO = path.join(REPO_ROOT, 'test', 'fixtures', 'text', 'no-text.jpg');
const BOX: [number, number][] = [[0.1, 0.1], [0.5, 0.1], [0.5, 0.2], [0.1, 0.2]];

function models(look: boolean, confirm: boolean, turn: TextTurn = 0) {
  const calls: string[] = [];
  const sizes: number[] = [];
  const read: [number, number][] = [];
  const fake: TextModels = {
    textLook: (image: RgbImage): Promise<TextLookResult> => {
      calls.push('look');
      sizes.push(Math.max(image.width, image.height));
      return Promise.resolve({ hasText: look, peak: look ? 1 : 0, candidates: look ? [BOX] : [] });
    },
    textConfirm: (image: RgbImage, candidates: [number, number][][]): Promise<TextConfirmResult> => {
      calls.push('confirm');
      sizes.push(Math.max(image.width, image.height));
      expect(candidates).toEqual([BOX]);
      return Promise.resolve({ confirmed: confirm, text: confirm ? 'SALE' : null, turn });
    },
    textRead: (image: RgbImage): Promise<TextLineResult[]> => {
      calls.push('read');
      read.push([image.width, image.height]);
      return Promise.resolve([{ text: 'SALE', confidence: 0.9, quad: [[10, 10], [110, 10], [110, 40], [10, 40]] }]);
    },
  };
  return { fake, calls, sizes, read };
}

describe('text reader: look, confirm, then read', () => {
  it('does not decode the detail nor ask the recogniser when the look sees no text', async () => {
    const m = models(false, true);
    let decoded = 0;
    const worth = await new TextReader(m.fake).worthReading({ data: new Uint8Array(12), width: 2, height: 2, channels: 3 }, () => {
      decoded++;
      return Promise.resolve({ data: new Uint8Array(12), width: 2, height: 2, channels: 3 });
    });
    expect(worth).toBeNull();
    expect(decoded).toBe(0);
    expect(m.calls).toEqual(['look']);
  });

  it('as indexed: a photo whose look boxes the recogniser does not confirm is not read at full detail', async () => {
    const m = models(true, false);
    const text = await new TextReader(m.fake).read(PHOTO, 0, { look: true });
    expect(text.lines).toEqual([]);
    expect(m.calls).toEqual(['look', 'confirm']);
    // the look at its small size, the confirmation on the larger copy
    expect(m.sizes[0]).toBeLessThanOrEqual(LOOK_EDGE);
    expect(m.sizes[1]).toBeGreaterThan(LOOK_EDGE);
    expect(m.sizes[1]).toBeLessThanOrEqual(CONFIRM_EDGE);
  });

  it('as indexed: a confirmed photo is read; read without the look, it is read whatever the look would say', async () => {
    const confirmed = models(true, true);
    expect((await new TextReader(confirmed.fake).read(PHOTO, 0, { look: true })).lines.map((l) => l.text)).toEqual(['SALE']);
    expect(confirmed.calls).toEqual(['look', 'confirm', 'read']);
    const always = models(false, false);
    expect((await new TextReader(always.fake).read(PHOTO, 0)).lines.map((l) => l.text)).toEqual(['SALE']);
    // the look still runs: where it sees text, its evidence chooses the photo's turn
    expect(always.calls).toEqual(['look', 'read']);
  });

  it('reads a photo at the turn the confirmation chose, and maps the lines back onto the photo as displayed', async () => {
    // the photo is 640 x 480; its text reads upright turned a quarter clockwise (480 x 640)
    const m = models(true, true, 90);
    const text = await new TextReader(m.fake).read(PHOTO, 0, { look: true });
    expect(m.read).toEqual([[480, 640]]);
    // the line at x 10..110, y 10..40 of the turned photo stands at x 10..40, y 370..470 of the photo as displayed
    expect(text).toMatchObject({ width: 640, height: 480, lines: [{ text: 'SALE', box: [10, 370, 30, 100] }] });
    // a turn given (as the text stage passes the one its confirmation chose) is used without looking again
    const given = models(false, false);
    expect((await new TextReader(given.fake).read(PHOTO, 0, { turn: 180 })).lines[0].box).toEqual([530, 440, 100, 30]);
    expect(given.calls).toEqual(['read']);
  });
});
