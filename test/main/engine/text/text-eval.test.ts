import { describe, expect, it } from 'vitest';
import { countWords, parseTruth, summarize, truthWords } from '../../../../src/main/engine/text/text-eval.js';
import { ctcDecode, parseDictionary } from '../../../../src/main/engine/text/ctc-decode.js';

describe('word recall and precision (loupe eval text)', () => {
  it('counts ground-truth words of 3+ characters, 2+ with Chinese, split at spaces, normalised', () => {
    expect(truthWords(['TAN WOON YANN', 'a', 'No.5', '酱鸭传奇', '鴨', 'Ｒｅｃｅｉｐｔ'])).toEqual(['tan', 'woon', 'yann', 'no5', '酱鸭传奇', 'receipt']);
  });

  it('a word is read when it appears in the recognised text, ignoring case, spaces, punctuation and line breaks', () => {
    const c = countWords(['CORNER BAKERY', 'Walnut', '青椒', 'missing'], ['cornerbakery!', 'WAL-NUT', '青', '椒']);
    expect(c).toMatchObject({ truthWords: 5, truthRead: 4 });
    expect(summarize(c).recall).toBe(0.8);
  });

  it('precision: recognised words found in the ground truth', () => {
    const c = countWords(['TOTAL 20.40'], ['TOTAL 20.40 zzzz']);
    expect(c).toMatchObject({ readWords: 3, readRight: 2 });
  });

  it('refuses a ground-truth file without images or words, naming it', () => {
    expect(() => parseTruth('{}', 'gt.json')).toThrow(/gt\.json has no "images"/);
    expect(() => parseTruth('{"images":[{"path":"a.jpg"}]}', 'gt.json')).toThrow(/images\[0\]/);
    expect(() => parseTruth('nope', 'gt.json')).toThrow(/not valid JSON/);
  });
});

describe('CTC decoding', () => {
  it('drops blanks and repeats, maps classes through the dictionary (space last), and averages confidence', () => {
    const dict = parseDictionary('a\nb\n');
    expect(dict).toEqual(['a', 'b', ' ']);
    // steps: a a blank b b(0.6) blank space a  -> "ab a"
    const steps = [[0.1, 0.8, 0.05, 0.05], [0.1, 0.8, 0.05, 0.05], [0.9, 0.05, 0.03, 0.02], [0.1, 0.1, 0.7, 0.1], [0.2, 0.1, 0.6, 0.1], [0.9, 0, 0, 0.1], [0, 0, 0.1, 0.9], [0.1, 0.9, 0, 0]];
    const probs = new Float32Array(steps.flat());
    const out = ctcDecode(probs, [1, steps.length, 4], 0, dict);
    expect(out.text).toBe('ab a');
    expect(out.confidence).toBeCloseTo((0.8 + 0.7 + 0.9 + 0.9) / 4, 5);
  });
});
