import { describe, expect, it } from 'vitest';
import { confirmsText, joinWordsOfALine, keptLines, MIN_LINE_CONFIDENCE } from '../../../../src/main/engine/text/text-lines.js';

const quad = (x: number, y: number, w: number, h: number): [number, number][] => [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];

describe('which lines are kept, and where their boxes go', () => {
  it('drops unsure, tiny and wordless lines and a lone Latin letter, keeps a lone Chinese character', () => {
    const kept = keptLines([
      { text: 'TOTAL', confidence: 0.95, quad: quad(10, 10, 100, 20) },
      { text: 'blur', confidence: MIN_LINE_CONFIDENCE - 0.01, quad: quad(10, 40, 100, 20) },
      { text: 'tiny', confidence: 0.99, quad: quad(10, 70, 30, 5) },
      { text: '—', confidence: 0.99, quad: quad(10, 90, 30, 20) },
      { text: 'K', confidence: 0.99, quad: quad(200, 90, 20, 20) },
      { text: '鴨', confidence: 0.9, quad: quad(300, 90, 20, 20) },
    ], 1000, 1000, 800);
    expect(kept.map((l) => l.text)).toEqual(['TOTAL', '鴨']);
  });

  it('maps boxes from the read image to the displayed photo, as [x, y, w, h] whole pixels inside it', () => {
    const [line] = keptLines([{ text: 'Exit', confidence: 0.9, quad: [[10, 20], [110, 0], [114, 20], [14, 40]] }], 500, 1000, 600);
    expect(line.box).toEqual([20, 0, 208, 80]);
  });

  it('joins words of one line boxed apart, with a space for Latin and none for Chinese', () => {
    const joined = joinWordsOfALine([
      { text: 'CORNER', box: [10, 10, 120, 30], confidence: 1 },
      { text: 'BAKERY', box: [145, 12, 120, 28], confidence: 0.9 },
      { text: 'TOTAL', box: [10, 100, 90, 30], confidence: 1 },
      { text: '20.40', box: [400, 100, 90, 30], confidence: 1 }, // far apart: a column, not one line
      { text: '福田', box: [10, 200, 60, 30], confidence: 1 },
      { text: '药房', box: [75, 200, 60, 30], confidence: 1 },
    ]);
    expect(joined.map((l) => l.text)).toEqual(['CORNER BAKERY', 'TOTAL', '20.40', '福田药房']);
    expect(joined[0].box).toEqual([10, 10, 255, 30]);
    expect(joined[0].confidence).toBeCloseTo(0.95, 3);
  });

  it('never joins vertical lines standing side by side (a photo turned sideways, vertical Chinese)', () => {
    const columns = joinWordsOfALine([
      { text: 'TOTAL', box: [250, 40, 25, 100], confidence: 1 },
      { text: 'Bacon Roll', box: [290, 40, 25, 140], confidence: 1 },
    ]);
    expect(columns.map((l) => l.text)).toEqual(['TOTAL', 'Bacon Roll']);
  });
});

describe('what confirms the quick look: the recogniser reading something in one of its boxes', () => {
  it('takes any letter, digit or Chinese character read confidently, a single one included', () => {
    expect(confirmsText('C', 0.76)).toBe(true); // a look box may cut a word: the full reading finds the rest
    expect(confirmsText('区', MIN_LINE_CONFIDENCE)).toBe(true);
    expect(confirmsText('SALE', 0.9)).toBe(true);
  });

  it('does not take a blank, punctuation or an unsure read (what textures give)', () => {
    expect(confirmsText('', 0)).toBe(false);
    expect(confirmsText(' - . ', 0.95)).toBe(false);
    expect(confirmsText('大', 0.15)).toBe(false);
    expect(confirmsText('sar', MIN_LINE_CONFIDENCE - 0.01)).toBe(false);
  });
});
