import { describe, expect, it } from 'vitest';
import { chooseKeeper, looksDerived, normaliseKeepRules, type KeepCandidate } from '../../../../src/main/engine/duplicates/keep-rules.js';
import { DEFAULT_KEEP_RULES, type KeepRuleId } from '../../../../src/shared/duplicate-types.js';
import type { CopyQuality } from '../../../../src/main/engine/duplicates/copy-quality.js';

/** Copy quality of a clean, sharp colour JPEG saved at 92; tests change what the rule under test looks at. */
function quality(over: Partial<CopyQuality> = {}): CopyQuality {
  return { paddingShare: 0, sharpness: 1.5, noise: 0.3, chroma: 40, hueSpread: 0.4, jpegQuality: 92, texturedShare: 0.5, ...over };
}

/** A camera JPEG; tests change only what the rule under test looks at. */
function photo(id: number, over: Partial<KeepCandidate> = {}): KeepCandidate {
  return {
    id,
    path: '/photos/2019/IMG_0001.jpg',
    width: 4000,
    height: 3000,
    bytes: 4_000_000,
    format: 'jpeg',
    takenAt: '2019-05-01T10:00:00',
    metadataFields: 3,
    ...over,
  };
}

/** `rule` first, then the rest in default order. */
const ruleFirst = (rule: KeepRuleId): KeepRuleId[] => [rule, ...DEFAULT_KEEP_RULES.filter((r) => r !== rule)];

/** Keeper in both member orders must agree (the decision is about the photos, not the list order). */
function keep(members: KeepCandidate[], rules: readonly KeepRuleId[] = DEFAULT_KEEP_RULES) {
  const d = chooseKeeper(members, rules);
  expect(chooseKeeper([...members].reverse(), rules)).toEqual(d);
  return d;
}

describe('looksDerived', () => {
  it.each([
    'IMG_0001 (1).jpg',
    'IMG_0001 (12).JPG',
    'IMG_0001 copy.jpg',
    'IMG_0001 - Copy.jpg',
    'Copy of IMG_0001.jpg',
    'IMG_0001_kopie.jpg',
    'IMG_0001 副本.jpg',
    'IMG_0001 拷贝.jpeg',
    'IMG-20190501-WA0003.jpg',
    'IMG_0001-edited.jpg',
    'IMG_0001_small.jpg',
  ])('%s looks like a copy', (name) => {
    expect(looksDerived(`/photos/2019/${name}`)).toBe(true);
  });

  it.each(['/photos/2019/IMG_0001.jpg', '/photos/Copies/IMG_0001.jpg', '/photos/copy/IMG_0001.jpg', '/photos/copyright.jpg', '/photos/IMG_20190501_100000.jpg'])(
    '%s does not (the folder name does not count)',
    (p) => {
      expect(looksDerived(p)).toBe(false);
    },
  );
});

describe('chooseKeeper, one rule at a time', () => {
  it('intact: a whole file beats one that ends early, whatever its name, size, date or path say', () => {
    // the damaged file is the original by every other rule: plain name, older, more metadata, shorter path
    const damaged = photo(1, { path: '/p/IMG_0001.jpg', takenAt: '2018-01-01T10:00:00', metadataFields: 4, damage: 'truncated' });
    const whole = photo(2, { path: '/photos/backup/IMG_0001 (1).jpg', metadataFields: 2 });
    const d = keep([damaged, whole]);
    expect(d.keepId).toBe(2);
    expect(d.rule).toBe('intact');
    expect(d.message).toEqual({ code: 'keep.intact', params: { other: 'IMG_0001.jpg', damage: 'truncated' } });
    expect(d.reason).toMatch(/IMG_0001\.jpg is a damaged file: the lower part is missing/);
    // two damaged copies are alike on this rule: the next ones decide
    expect(keep([damaged, photo(3, { path: '/p/IMG_0001 (1).jpg', damage: 'incomplete' })]).rule).not.toBe('intact');
  });

  it('original: the plainly named file beats "(1)", "copy", 副本 and WhatsApp re-encodes', () => {
    for (const copyName of ['IMG_0001 (1).jpg', 'IMG_0001 copy.jpg', 'IMG_0001 副本.jpg', 'IMG-20190501-WA0003.jpg']) {
      // the copy even has the shorter path, so only 'original' can prefer the original
      const original = photo(2, { path: '/photos/2019/holiday/IMG_0001.jpg' });
      const copy = photo(1, { path: `/photos/${copyName}` });
      const d = keep([copy, original]);
      expect(d.keepId, copyName).toBe(2);
      expect(d.rule).toBe('original');
      expect(d.reason).toContain(copyName);
    }
  });

  it('pixels: more picture wins, but within 3% is the same size; padding a rotation added is not picture', () => {
    const big = photo(2, { width: 1000, height: 1000, path: '/photos/longer/path/a.jpg' });
    const d = keep([photo(1, { width: 1000, height: 960, path: '/a.jpg' }), big], ruleFirst('pixels'));
    expect(d).toMatchObject({ keepId: 2, rule: 'pixels' });
    expect(d.reason).toContain('1000×1000');
    expect(d.message).toEqual({ code: 'keep.more-pixels', params: { keep: '1000×1000', other: '1000×960' } });
    // 3% fewer pixels: a tie, so a later rule (path: shorter) decides
    const tie = keep([photo(1, { width: 1000, height: 970, path: '/a.jpg' }), big], ruleFirst('pixels'));
    expect(tie).toMatchObject({ keepId: 1, rule: 'path' });
    // unknown size counts as no pixels
    expect(keep([photo(1, { width: null, height: null, path: '/a.jpg' }), big], ruleFirst('pixels'))).toMatchObject({ keepId: 2, rule: 'pixels' });
    // a copy turned by 5 degrees on a grown canvas: more pixels, but its picture (the canvas less the padding) is
    // the original's; it must not win by pixels
    const original = photo(3, { width: 4000, height: 3000, quality: quality() });
    const turned = photo(4, { width: 4246, height: 3337, path: '/b.jpg', quality: quality({ paddingShare: 0.153 }) });
    expect(keep([original, turned])).toMatchObject({ keepId: 3, rule: 'padding' });
  });

  it('pixels and padding: copies lying pixel for pixel alike on one canvas have one padding (a vignette hides it)', () => {
    // LFW-like: the original's black corners measure as padding; a vignette darkens the picture beside them, so the
    // copy's corners measure none. Both lie as the representative does, on one canvas: the larger padding counts.
    const original = photo(1, { width: 250, height: 250, path: '/photos/2017/P8416.jpg', overlaid: true, quality: quality({ paddingShare: 0.05 }) });
    const vignetted = photo(2, { width: 250, height: 250, path: '/b.jpg', overlaid: true, mtimeMs: Date.UTC(2019, 7, 1), quality: quality({ paddingShare: 0 }) });
    const d = keep([vignetted, { ...original, mtimeMs: Date.UTC(2016, 2, 1) }]);
    expect(d).toMatchObject({ keepId: 1, rule: 'date' });
    expect(d.steps.map((s) => s.rule)).toEqual(['date']);
    // not known to lie alike (a copy turned in place, its corners padded): the padding is the copy's own and decides
    const turnedInPlace = { ...original, overlaid: false };
    expect(keep([vignetted, turnedInPlace])).toMatchObject({ keepId: 2, rule: 'pixels' });
    // a smaller crop still loses on pixels, and a copy on a larger canvas keeps its own padding
    const crop = photo(3, { width: 200, height: 200, path: '/c.jpg', overlaid: true, quality: quality({ paddingShare: 0 }) });
    expect(keep([crop, original])).toMatchObject({ keepId: 1, rule: 'pixels' });
    const larger = photo(4, { width: 500, height: 500, path: '/d.jpg', overlaid: true, quality: quality({ paddingShare: 0 }) });
    expect(keep([larger, original])).toMatchObject({ keepId: 4, rule: 'pixels' });
  });

  it('format: RAW over every other still format, GIF last; JPEG and PNG are alike', () => {
    const raw = photo(3, { format: 'raw', path: '/photos/long/name/IMG_0001.CR2', bytes: 25_000_000 });
    const jpeg = photo(2, { format: 'jpeg', path: '/photos/long/IMG_0001.jpg' });
    const png = photo(1, { format: 'png', path: '/IMG_0001.png', bytes: 20_000_000 });
    const d = keep([png, jpeg, raw], ruleFirst('format'));
    expect(d).toMatchObject({ keepId: 3, rule: 'format' });
    expect(d.reason).toMatch(/raw over (jpeg|png)/);
    expect(keep([png, jpeg], ruleFirst('format'))).toMatchObject({ keepId: 1, rule: 'path' });
    expect(keep([photo(5, { format: 'gif', path: '/a.gif' }), jpeg], ruleFirst('format'))).toMatchObject({ keepId: 2, rule: 'format' });
  });

  it('quality: a copy re-saved with heavy compression loses; between normal settings the tables say nothing; a PNG counts as lossless', () => {
    const orig = photo(2, { path: '/photos/long/IMG_0001.jpg', quality: quality({ jpegQuality: 92 }) });
    const resaved = photo(1, { path: '/IMG_0001.jpg', quality: quality({ jpegQuality: 31 }) });
    const d = keep([resaved, orig], ruleFirst('quality'));
    expect(d).toMatchObject({ keepId: 2, rule: 'quality', message: { code: 'keep.finer-jpeg', params: { keep: 92, other: 31 } } });
    // an original saved at 75 and its copy re-saved at 90 by an editor: finer tables do not make the copy the
    // original; the older file does
    const at75 = photo(2, { path: '/photos/long/IMG_0001.jpg', mtimeMs: Date.UTC(2016, 5, 1), quality: quality({ jpegQuality: 75 }) });
    expect(keep([photo(1, { path: '/IMG_0001.jpg', mtimeMs: Date.UTC(2020, 0, 1), quality: quality({ jpegQuality: 90 }) }), at75], ruleFirst('quality'))).toMatchObject({ keepId: 2, rule: 'date' });
    // bytes say nothing: a noisy print-scan is bigger yet no better
    const bigger = photo(1, { path: '/IMG_0001.jpg', bytes: 9_000_000, quality: quality({ jpegQuality: 92 }) });
    expect(keep([bigger, orig], ruleFirst('quality'))).toMatchObject({ keepId: 1, rule: 'path' });
    const png = photo(3, { path: '/photos/long/IMG_0001.png', format: 'png', quality: quality({ jpegQuality: null }) });
    expect(keep([photo(4, { path: '/a.jpg', quality: quality({ jpegQuality: 20 }) }), png], ruleFirst('quality'))).toMatchObject({ keepId: 3, rule: 'quality' });
  });

  it('clarity: a noisy (print-scanned) copy loses even when it compresses worse; a blurred one loses; a brighter one does not', () => {
    const orig = photo(2, { path: '/photos/long/IMG_0001.jpg', bytes: 3_000_000, quality: quality({ noise: 0.4, sharpness: 1.9 }) });
    const scan = photo(1, { path: '/IMG_0001.jpg', bytes: 6_000_000, quality: quality({ noise: 4.5, sharpness: 2.2, jpegQuality: 85 }) });
    expect(keep([scan, orig])).toMatchObject({ keepId: 2, rule: 'clarity', message: { code: 'keep.less-noise' } });
    const blurred = photo(1, { path: '/IMG_0001.jpg', quality: quality({ noise: 0.3, sharpness: 1.1 }) });
    expect(keep([blurred, orig])).toMatchObject({ keepId: 2, rule: 'clarity', message: { code: 'keep.sharper' } });
    const brighter = photo(1, { path: '/IMG_0001.jpg', quality: quality({ noise: 0.1, sharpness: 2.05 }) });
    expect(keep([brighter, orig])).toMatchObject({ keepId: 1, rule: 'path' });
  });

  it('colour: a grey copy loses; a more colourful copy does not win', () => {
    const orig = photo(2, { path: '/photos/long/IMG_0001.jpg', quality: quality({ chroma: 40 }) });
    expect(keep([photo(1, { path: '/a.jpg', quality: quality({ chroma: 0.2 }) }), orig])).toMatchObject({ keepId: 2, rule: 'colour' });
    expect(keep([photo(1, { path: '/a.jpg', quality: quality({ chroma: 90 }) }), orig])).toMatchObject({ keepId: 1, rule: 'path' });
    // a grey original and a copy tinted one colour: the tint is no colour original
    const greyOriginal = photo(2, { path: '/photos/long/IMG_0001.jpg', quality: quality({ chroma: 0.5, hueSpread: 0 }) });
    expect(keep([photo(1, { path: '/a.jpg', quality: quality({ chroma: 60, hueSpread: 0.02 }) }), greyOriginal])).toMatchObject({ keepId: 1, rule: 'path' });
  });

  it('date: when nothing else tells the copies apart, the older file wins (the original was there first)', () => {
    const orig = photo(2, { path: '/photos/long/IMG_0001.jpg', takenAt: null, mtimeMs: Date.UTC(2016, 5, 1) });
    const mirrored = photo(1, { path: '/IMG_0001.jpg', takenAt: null, mtimeMs: Date.UTC(2024, 0, 1) });
    const d = keep([mirrored, orig]);
    expect(d).toMatchObject({ keepId: 2, rule: 'date', message: { code: 'keep.older-file', params: { keep: '2016-06-01', other: '2024-01-01' } } });
    // a minute apart is the same time
    expect(keep([photo(1, { path: '/a.jpg', takenAt: null, mtimeMs: 30_000 }), photo(2, { takenAt: null, mtimeMs: 0 })])).toMatchObject({ rule: 'path' });
  });

  it('metadata: more of camera, lens, place and date wins', () => {
    const d = keep([photo(1, { metadataFields: 1, path: '/a.jpg' }), photo(2, { metadataFields: 4 })], ruleFirst('metadata'));
    expect(d).toMatchObject({ keepId: 2, rule: 'metadata' });
    expect(d.reason).toContain('4');
  });

  it('date: the older capture wins; 1970 and no date lose; within a minute is a tie', () => {
    const rules = ruleFirst('date');
    const older = photo(2, { takenAt: '2015-06-01T08:00:00', path: '/photos/longer/IMG_0001.jpg' });
    const newer = photo(1, { takenAt: '2019-05-01T10:00:00', path: '/IMG_0001.jpg' });
    expect(keep([newer, older], rules)).toMatchObject({ keepId: 2, rule: 'date' });
    // an unset camera clock (1970) is not "older"
    const epoch = photo(2, { takenAt: '1970-01-01T00:00:00', path: '/photos/longer/IMG_0001.jpg' });
    expect(keep([newer, epoch], rules)).toMatchObject({ keepId: 1, rule: 'date' });
    const none = photo(2, { takenAt: null, path: '/photos/longer/IMG_0001.jpg' });
    expect(keep([newer, none], rules)).toMatchObject({ keepId: 1, rule: 'date' });
    // a copy's re-written time stamp 30 s later is the same capture: path decides
    const thirty = photo(2, { takenAt: '2019-05-01T10:00:30', path: '/photos/longer/IMG_0001.jpg' });
    expect(keep([newer, thirty], rules)).toMatchObject({ keepId: 1, rule: 'path' });
    // two minutes earlier is older
    const twoMin = photo(2, { takenAt: '2019-05-01T09:58:00', path: '/photos/longer/IMG_0001.jpg' });
    expect(keep([newer, twoMin], rules)).toMatchObject({ keepId: 2, rule: 'date' });
    // neither has a date: no decision by date
    expect(keep([photo(1, { takenAt: null, path: '/a.jpg' }), photo(2, { takenAt: null })], rules)).toMatchObject({ keepId: 1, rule: 'path' });
  });

  it('compression: with every file alike in time (a library copied from an old disk), the finer JPEG tables win over the shorter path', () => {
    // a stranger's trial: the camera's 92 against a re-save at 70 and a turned copy re-encoded at 90, all stamped
    // alike by the copy to a new disk; the copies sat at shorter paths and were kept
    const copied = Date.UTC(2024, 2, 1);
    const camera = photo(2, { path: '/photos/DCIM/101CANON/IMG_4260.jpg', mtimeMs: copied, quality: quality({ jpegQuality: 92 }) });
    for (const q of [70, 90]) {
      const resaved = photo(1, { path: '/photos/Edited/IMG_4138.jpg', mtimeMs: copied, quality: quality({ jpegQuality: q }) });
      const d = keep([resaved, camera]);
      expect(d).toMatchObject({ keepId: 2, rule: 'compression', message: { code: 'keep.finer-compression', params: { keep: 92, other: q } } });
      expect(d.reason).toBe(`alike in every other way; less compressed: JPEG quality 92 against ${q} (the other was re-saved)`);
    }
    // the older file still comes first: an original saved at 75, re-saved at 90 by an editor later
    const at75 = { ...camera, mtimeMs: Date.UTC(2016, 5, 1), quality: quality({ jpegQuality: 75 }) };
    expect(keep([photo(1, { path: '/a.jpg', mtimeMs: copied, quality: quality({ jpegQuality: 90 }) }), at75])).toMatchObject({ keepId: 2, rule: 'date' });
    // JPEG against JPEG only: a PNG made from the photo is no finer; tables alike say nothing
    const png = photo(1, { path: '/a.png', format: 'png', mtimeMs: copied, quality: quality({ jpegQuality: null }) });
    expect(keep([png, camera])).toMatchObject({ keepId: 1, rule: 'path' });
    expect(keep([photo(1, { path: '/a.jpg', mtimeMs: copied, quality: quality({ jpegQuality: 92 }) }), camera])).toMatchObject({ keepId: 1, rule: 'path' });
  });

  it('path: the shorter path wins', () => {
    const d = keep([photo(1, { path: '/photos/2019/backup/IMG_0001.jpg' }), photo(2, { path: '/photos/2019/IMG_0001.jpg' })], ruleFirst('path'));
    expect(d).toMatchObject({ keepId: 2, rule: 'path', reason: 'alike in every other way; shorter path: /photos/2019/IMG_0001.jpg' });
  });
});

describe('chooseKeeper, edited copies', () => {
  it('edited: a copy turned, mirrored, tilted or captioned against its group loses, before sharpness is compared', () => {
    // appleflower.png (seed 2): a caption's crisp edges and a quarter turn read sharper on a picture with little texture
    const original = photo(1, { path: '/p/IMG_a.png', format: 'png', mtimeMs: 0, quality: quality({ sharpness: 1.06, texturedShare: 0.07, jpegQuality: null }) });
    const captioned = photo(2, { path: '/p/IMG_b.jpg', mtimeMs: 9e11, quality: quality({ sharpness: 1.67, texturedShare: 0.1, jpegQuality: 90 }), edit: 'overlay' });
    const turned = photo(3, { path: '/p/IMG_c.jpg', mtimeMs: 9e11, quality: quality({ sharpness: 1.28, texturedShare: 0.05, jpegQuality: 90 }), edit: 'turned' });
    const copy = photo(4, { path: '/p/IMG_d.jpg', mtimeMs: 9e11, quality: quality({ sharpness: 1.05, texturedShare: 0.07, jpegQuality: 79 }) });
    const d = keep([original, captioned, turned, copy]);
    expect(d.keepId).toBe(1);
    expect(d.steps[0]).toMatchObject({ rule: 'edited', ids: [2, 3], message: { code: 'keep.not-edited', params: { edit: 'turned,overlay' } } });
    // each copy's edit named, not only the closest's
    expect(d.steps[0].reason).toBe('the others are turned or captioned against the rest of the copies');
    // the same copies without the group's verdict: the captioned copy wins on sharpness
    expect(keep([original, { ...captioned, edit: undefined }, { ...turned, edit: undefined }, copy]).keepId).toBe(2);
  });

  it('says why this copy and not each of the others: every rule that set copies aside, in order', () => {
    const original = photo(1, { mtimeMs: 0, quality: quality() });
    const cropped = photo(2, { width: 2800, height: 2100, mtimeMs: 9e11, quality: quality() });
    const mirrored = photo(3, { mtimeMs: 9e11, quality: quality(), edit: 'mirrored' });
    const heavy = photo(4, { mtimeMs: 9e11, quality: quality({ jpegQuality: 10 }) });
    const scanned = photo(5, { mtimeMs: 9e11, quality: quality({ noise: 5 }) });
    const plain = photo(6, { mtimeMs: 9e11, quality: quality() });
    const d = keep([original, cropped, mirrored, heavy, scanned, plain]);
    expect(d).toMatchObject({ keepId: 1, rule: 'date' });
    expect(d.steps.map((s) => [s.rule, s.ids])).toEqual([['pixels', [2]], ['edited', [3]], ['quality', [4]], ['clarity', [5]], ['date', [6]]]);
    const at = d.steps.map((s) => d.reason.indexOf(s.reason));
    expect(at.every((i, k) => i >= 0 && (k === 0 || i > at[k - 1]))).toBe(true);
    expect(d.reason).toMatch(/more pixels.*mirror image.*heavy compression.*noise.*older/);
    expect(d.steps.map((s) => s.message.code)).toEqual(['keep.more-pixels', 'keep.not-edited', 'keep.finer-jpeg', 'keep.less-noise', 'keep.older-file']);
    // where the copies left tie on every rule, the rules that set the others aside are still named
    const tie = keep([photo(7, { quality: quality() }), photo(8, { quality: quality() }), photo(9, { quality: quality(), edit: 'overlay' })]);
    expect(tie).toMatchObject({ keepId: 7, rule: 'only-choice' });
    expect(tie.reason).toMatch(/caption or mark.*2 copies left are alike on every rule/);
  });
});

describe('chooseKeeper, rules together', () => {
  it('reports the first rule that tells the keeper from the runner-up, not a later one that agrees', () => {
    // same name style, size, format, metadata; b is older AND has the shorter path: date comes first
    const a = photo(1, { path: '/photos/2019/backup/IMG_0001.jpg', takenAt: '2019-05-01T10:00:00' });
    const b = photo(2, { path: '/photos/IMG_0001.jpg', takenAt: '2018-05-01T10:00:00' });
    expect(keep([a, b])).toMatchObject({ keepId: 2, rule: 'date' });
  });

  it('changing the rule order changes the keeper', () => {
    // a WhatsApp copy that is bigger (e.g. upscaled) against a smaller original
    const original = photo(1, { path: '/photos/IMG_0001.jpg', width: 2000, height: 1500, bytes: 1_000_000 });
    const copy = photo(2, { path: '/photos/IMG-20190501-WA0003.jpg', width: 4000, height: 3000 });
    expect(keep([original, copy], ['original', 'pixels', 'format', 'metadata', 'date', 'path'])).toMatchObject({ keepId: 1, rule: 'original' });
    expect(keep([original, copy], ['pixels', 'original', 'format', 'metadata', 'date', 'path'])).toMatchObject({ keepId: 2, rule: 'pixels' });
  });

  it('picks the best of many members, whatever their order', () => {
    const members = [
      photo(1, { path: '/p/IMG_0001 (1).jpg' }),
      photo(2, { path: '/p/IMG_0001.jpg', width: 2000, height: 1500 }),
      photo(3, { path: '/p/IMG_0001.jpg', format: 'png' }),
      photo(4, { path: '/p/b/IMG_0001.jpg', metadataFields: 4 }),
      photo(5, { path: '/p/IMG_0001.jpg', metadataFields: 4, takenAt: '2019-05-01T09:00:00' }),
    ];
    for (let shift = 0; shift < members.length; shift++) {
      const order = [...members.slice(shift), ...members.slice(0, shift)];
      // 1 is a copy by name, 2 smaller, 3 PNG, 4 and 5 equal until date: 5 is older
      expect(chooseKeeper(order)).toMatchObject({ keepId: 5, rule: 'date' });
    }
  });

  it('a single member is the only choice; identical members keep the first catalogued', () => {
    expect(chooseKeeper([photo(9)])).toEqual({ keepId: 9, rule: 'only-choice', reason: 'the only copy', message: { code: 'keep.only', params: {} }, steps: [] });
    expect(keep([photo(8), photo(3), photo(5)])).toMatchObject({ keepId: 3, rule: 'only-choice' });
    expect(() => chooseKeeper([])).toThrow(RangeError);
  });
});

describe('normaliseKeepRules', () => {
  it('keeps a valid order and puts missing rules where the default order has them', () => {
    expect(normaliseKeepRules(['path', 'date'])).toEqual(['intact', 'original', 'pixels', 'padding', 'edited', 'quality', 'clarity', 'colour', 'format', 'metadata', 'path', 'date', 'compression']);
    // a list saved before the copy-quality rules existed gets them after 'pixels', in the user's order otherwise
    // (and 'compression' after 'date')
    expect(normaliseKeepRules(['date', 'original', 'pixels', 'format', 'metadata', 'path'])).toEqual([
      'intact', 'date', 'compression', 'original', 'pixels', 'padding', 'edited', 'quality', 'clarity', 'colour', 'format', 'metadata', 'path',
    ]);
    // and one saved before 'edited' gets it after 'padding'
    expect(normaliseKeepRules(['path', 'original', 'pixels', 'padding', 'quality', 'clarity', 'colour', 'format', 'metadata', 'date'])).toEqual([
      'intact', 'path', 'original', 'pixels', 'padding', 'edited', 'quality', 'clarity', 'colour', 'format', 'metadata', 'date', 'compression',
    ]);
    expect(normaliseKeepRules([])).toEqual([...DEFAULT_KEEP_RULES]);
    const reversed = [...DEFAULT_KEEP_RULES].reverse();
    expect(normaliseKeepRules(reversed)).toEqual(reversed);
  });

  it('rejects unknown, duplicate and non-string ids, and non-lists', () => {
    expect(() => normaliseKeepRules(['pixels', 'size'])).toThrow(/unknown keep rule "size"/);
    expect(() => normaliseKeepRules(['pixels', 'pixels'])).toThrow(/twice/);
    expect(() => normaliseKeepRules([1])).toThrow(TypeError);
    expect(() => normaliseKeepRules('pixels')).toThrow(TypeError);
    expect(() => normaliseKeepRules(null)).toThrow(TypeError);
  });
});

// Bugs found while writing these tests (see the report): both make the 'format' rule decide on a
// bytes-per-pixel comparison that does not mean "re-compressed".
describe('format rule: bytes per pixel only compares like with like', () => {
  it('does not call a JPEG a "better format" than the HEIC it was exported from (equal rank, different codec)', () => {
    // An iPhone original (HEIC, ~2x as efficient as JPEG) and its "Most Compatible" JPEG export, same size.
    const heic = photo(1, { path: '/photos/IMG_0001.HEIC', format: 'heic', bytes: 2_000_000 });
    const jpegExport = photo(2, { path: '/photos/IMG_0001.JPG', format: 'jpeg', bytes: 5_000_000 });
    const d = chooseKeeper([heic, jpegExport]);
    expect(d.rule).not.toBe('format');
    expect(d.reason).not.toMatch(/better format: jpeg over heic/);
  });

  it('does not treat an unknown pixel size as a huge bit rate', () => {
    const known = photo(1, { path: '/photos/a.jpg', bytes: 4_000_000 });
    const unknownSize = photo(2, { path: '/photos/b.jpg', width: null, height: null, bytes: 3_000_000 });
    // format before pixels (a user order): the size-less file must not win as "less compressed"
    const d = chooseKeeper([known, unknownSize], ['format', 'pixels', 'original', 'metadata', 'date', 'path']);
    expect(d).toMatchObject({ keepId: 1, rule: 'pixels' });
  });
});
