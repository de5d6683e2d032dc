// The text models in this process (no model process): the quick look gives the boxes where it sees text, and the
// recogniser confirms them on a larger copy, or reads nothing in boxes over a texture. Images are rendered here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RgbImage } from '../../../../src/main/engine/media/rgb-image.js';
import { bundledModelsDir } from '../../../../src/main/engine/paths.js';
import { CONFIRM_EDGE, LOOK_EDGE, TEXT_MODEL_FILES, textModelsDir } from '../../../../src/main/engine/text/text-models.js';
import { confirmBatches, lookCandidates, TextRunner } from '../../../../src/main/worker/text/text-runner.js';
import { wavyLinesSvg } from '../../../helpers/text-textures.js';

async function rgb(input: Sharp, edge: number): Promise<RgbImage> {
  const out = await input.resize(edge, edge, { fit: 'inside' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(out.data), width: out.info.width, height: out.info.height, channels: 3 };
}

/** A street sign on a wall, 1280 x 720: a photo with text. */
function sign(): Sharp {
  return sharp(Buffer.from(`<svg xmlns='http://www.w3.org/2000/svg' width='1280' height='720'>
    <rect width='100%' height='100%' fill='#8a8f96'/><rect x='380' y='250' width='520' height='140' fill='#f4f1e8'/>
    <text x='640' y='345' font-family='DejaVu Sans' font-size='72' font-weight='bold' text-anchor='middle' fill='#1b2a4a'>BAKERY</text>
  </svg>`));
}

/**
 * A shop's signboard written top to bottom, as Chinese signs often are: two columns of characters, 640 x 900. Its
 * columns read as the recogniser reads a sideways photo's lines; it is not one.
 */
function verticalSign(): Sharp {
  const column = (chars: string, x: number, y0: number, step: number, size: number) =>
    [...chars].map((c, i) => `<text x='${x}' y='${y0 + i * step}' font-family='WenQuanYi Micro Hei' font-size='${size}' text-anchor='middle' fill='#f5e6b0'>${c}</text>`).join('');
  return sharp(Buffer.from(`<svg xmlns='http://www.w3.org/2000/svg' width='640' height='900'>
    <rect width='100%' height='100%' fill='#5a4632'/><rect x='340' y='80' width='160' height='700' fill='#8b1a1a'/>
    ${column('福田人民药房', 420, 180, 110, 96)}${column('欢迎光临', 250, 260, 90, 72)}
  </svg>`));
}

/** Rows of wavy lines: the look takes them for text, there is nothing to read. */
function waves(): Sharp {
  return sharp(wavyLinesSvg());
}

/** A plain wall, 1280 x 960. */
function wall(): Sharp {
  return sharp({ create: { width: 1280, height: 960, channels: 3, background: '#c8bfae' } });
}

describe('text runner: the quick look, confirmed by the recogniser (real PP-OCR models)', () => {
  let runner: TextRunner;
  beforeAll(async () => {
    runner = await TextRunner.create(textModelsDir(bundledModelsDir()), ['cpu'], 1, 1);
  }, 120_000);
  afterAll(async () => runner?.release());

  it('sees a sign at the look size, gives its boxes in fractions of the image, and the recogniser confirms them', async () => {
    const look = await runner.look(await rgb(sign(), LOOK_EDGE));
    expect(look.hasText).toBe(true);
    expect(look.candidates.length).toBeGreaterThan(0);
    for (const quad of look.candidates) {
      expect(quad).toHaveLength(4);
      for (const v of quad.flat()) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    // the sign's board spans x 0.30..0.70, y 0.35..0.54 of the photo: the most certain box lies on it
    const [first] = look.candidates;
    const cx = first.reduce((s, p) => s + p[0], 0) / 4, cy = first.reduce((s, p) => s + p[1], 0) / 4;
    expect(cx).toBeGreaterThan(0.3);
    expect(cx).toBeLessThan(0.7);
    expect(cy).toBeGreaterThan(0.35);
    expect(cy).toBeLessThan(0.54);
    const confirmed = await runner.confirm(await rgb(sign(), CONFIRM_EDGE), look.candidates);
    expect(confirmed.confirmed).toBe(true);
    expect(confirmed.text).toMatch(/BAKERY/i);
  }, 60_000);

  it('a texture the look takes for text: the recogniser reads nothing in its boxes, so it is not confirmed', async () => {
    const look = await runner.look(await rgb(waves(), LOOK_EDGE));
    expect(look.hasText).toBe(true); // the premise: the look alone would have it read at full detail
    expect(look.candidates.length).toBeGreaterThan(0);
    expect(await runner.confirm(await rgb(waves(), CONFIRM_EDGE), look.candidates)).toEqual({ confirmed: false, text: null, turn: 0 });
  }, 60_000);

  it('a photo turned in its pixels: the turn that makes its text upright is chosen, and the confirmation reads at it', async () => {
    for (const turned of [90, 180, 270]) {
      const photo = async (edge: number) => rgb(sharp(await sign().png().toBuffer()).rotate(turned), edge);
      const look = await runner.look(await photo(LOOK_EDGE));
      expect(look.hasText, `turned ${turned}`).toBe(true);
      const confirmed = await runner.confirm(await photo(CONFIRM_EDGE), look.candidates);
      expect(confirmed, `turned ${turned}`).toMatchObject({ confirmed: true, turn: (360 - turned) % 360 });
      expect(confirmed.text).toMatch(/BAKERY/i);
    }
    // upright, it stays as it is
    const look = await runner.look(await rgb(sign(), LOOK_EDGE));
    expect((await runner.confirm(await rgb(sign(), CONFIRM_EDGE), look.candidates)).turn).toBe(0);
  }, 120_000);

  it('a signboard written top to bottom is not taken for a sideways photo: read as it stands', async () => {
    const look = await runner.look(await rgb(verticalSign(), LOOK_EDGE));
    expect(look.hasText).toBe(true);
    const image = await rgb(verticalSign(), CONFIRM_EDGE);
    expect((await runner.turnOf(image, look.candidates)).turn).toBe(0);
    expect(await runner.confirm(image, look.candidates)).toMatchObject({ confirmed: true, turn: 0 });
    const read = (await runner.read(image, CONFIRM_EDGE)).map((l) => l.text);
    expect(read).toEqual(expect.arrayContaining(['福田人民药房', '欢迎光临']));
  }, 60_000);

  it('a plain wall: no text at the look, no boxes; nothing confirms without boxes', async () => {
    const look = await runner.look(await rgb(wall(), LOOK_EDGE));
    expect(look.hasText).toBe(false);
    expect(look.candidates).toEqual([]);
    expect(await runner.confirm(await rgb(sign(), CONFIRM_EDGE), [])).toEqual({ confirmed: false, text: null, turn: 0 });
  }, 60_000);
});

describe('text runner: models opened on first use', () => {
  it('opens only the look\'s detector until a photo passes the look: the recogniser at the first confirmation, the reading detector and the line orientation classifier at the first reading', async () => {
    // two threads for reading, one for the look: two detector sessions, as in the model process on 2+ cores
    const runner = await TextRunner.create(textModelsDir(bundledModelsDir()), ['cpu'], 2, 1);
    try {
      expect(runner.loaded).toEqual(['look']);
      expect((await runner.look(await rgb(wall(), LOOK_EDGE))).hasText).toBe(false);
      expect(runner.loaded).toEqual(['look']);
      const look = await runner.look(await rgb(sign(), LOOK_EDGE));
      expect((await runner.confirm(await rgb(sign(), CONFIRM_EDGE), look.candidates)).confirmed).toBe(true);
      // an upright sign is confirmed by its most certain box read both ways up: no line orientation classifier yet
      expect(runner.loaded).toEqual(['look', 'recogniser']);
      const lines = await runner.read(await rgb(sign(), CONFIRM_EDGE), CONFIRM_EDGE);
      expect(lines.map((l) => l.text).join(' ')).toMatch(/BAKERY/i);
      expect(runner.loaded).toEqual(['look', 'detector', 'recogniser', 'orientation']);
    } finally {
      await runner.release();
    }
    expect(runner.loaded).toEqual(['look']);
  }, 120_000);

  it('a missing model fails the first text request, not only the first photo with text', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-text-models-'));
    try {
      for (const name of Object.values(TEXT_MODEL_FILES).filter((n) => n !== TEXT_MODEL_FILES.recogniser)) {
        fs.copyFileSync(path.join(textModelsDir(bundledModelsDir()), name), path.join(dir, name));
      }
      await expect(TextRunner.create(dir, ['cpu'], 2, 1)).rejects.toThrow(TEXT_MODEL_FILES.recogniser);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the confirmation\'s batches', () => {
  it('reads the most certain box alone, then 2, 4 and 8 at a time', () => {
    expect(confirmBatches(0)).toEqual([]);
    expect(confirmBatches(1)).toEqual([[0, 1]]);
    expect(confirmBatches(5)).toEqual([[0, 1], [1, 3], [3, 5]]);
    expect(confirmBatches(30)).toEqual([[0, 1], [1, 3], [3, 7], [7, 15], [15, 23], [23, 30]]);
  });
});

describe('the look\'s candidate boxes (maps drawn by hand)', () => {
  /** a 100 x 50 map, 0 except a streak one pixel row high at y 20, x 30..45, with probability `p` */
  const streak = (p: number) => {
    const data = new Float32Array(100 * 50);
    for (let x = 30; x <= 45; x++) data[20 * 100 + x] = p;
    return { data, width: 100, height: 50 };
  };

  it('hands over the region around the peak where no region makes a box, so the recogniser can still confirm it', () => {
    const [box, ...rest] = lookCandidates(streak(0.95));
    expect(rest).toEqual([]);
    const xs = box.map(([x]) => x), ys = box.map(([, y]) => y);
    expect(Math.min(...xs)).toBeLessThanOrEqual(0.3);
    expect(Math.max(...xs)).toBeGreaterThanOrEqual(0.45);
    expect(Math.min(...ys)).toBeLessThan(0.4);
    expect(Math.max(...ys)).toBeGreaterThan(0.42);
  });

  it('adds nothing where regions make boxes', () => {
    const map = streak(0.95);
    for (let y = 10; y <= 14; y++) for (let x = 50; x <= 80; x++) map.data[y * 100 + x] = 0.9;
    const boxes = lookCandidates(map);
    expect(boxes.length).toBeGreaterThan(0);
    for (const b of boxes) expect(Math.min(...b.map(([x]) => x))).toBeGreaterThan(0.45); // all around the block, none around the streak
  });
});
