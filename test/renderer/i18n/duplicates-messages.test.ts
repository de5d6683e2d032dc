// The duplicates screen's sentences: every code the engine says is worded in both languages, with its parameters.
import { describe, expect, it } from 'vitest';
import { DUPLICATE_SENTENCES, DUPLICATES_MESSAGES, earlierKeepSteps, sentence } from '../../../src/renderer/i18n/duplicates-messages.js';
import { COPY_EDITS } from '../../../src/main/engine/duplicates/copy-edits.js';
import { chooseKeeper, type KeepCandidate } from '../../../src/main/engine/duplicates/keep-rules.js';
import { pairSentence } from '../../../src/main/engine/duplicates/duplicate-signals.js';
import { DEFAULT_KEEP_RULES } from '../../../src/shared/duplicate-types.js';

const base: KeepCandidate = { id: 1, path: '/p/IMG_1.jpg', width: 4000, height: 3000, bytes: 1, format: 'jpeg', takenAt: null, metadataFields: 0, mtimeMs: 0 };
const q = { paddingShare: 0, sharpness: 1.5, noise: 0.3, chroma: 40, hueSpread: 0.4, jpegQuality: 92, texturedShare: 0.5 };

/** One pair of copies per rule, told apart by that rule alone. */
const PAIRS: [KeepCandidate, KeepCandidate][] = [
  [{ ...base, quality: q }, { ...base, id: 2, path: '/p/IMG_1 (1).jpg', quality: q }],
  [{ ...base, quality: q }, { ...base, id: 2, width: 2000, quality: q }],
  [{ ...base, quality: q }, { ...base, id: 2, width: 4400, height: 3300, quality: { ...q, paddingShare: 0.15 } }],
  [{ ...base, quality: q }, { ...base, id: 2, quality: q, edit: 'turned' }],
  [{ ...base, quality: q }, { ...base, id: 2, quality: { ...q, jpegQuality: 20 } }],
  [{ ...base, quality: q }, { ...base, id: 2, quality: { ...q, noise: 5 } }],
  [{ ...base, quality: q }, { ...base, id: 2, quality: { ...q, sharpness: 0.5 } }],
  [{ ...base, quality: q }, { ...base, id: 2, quality: { ...q, chroma: 0 } }],
  [{ ...base, format: 'raw', quality: q }, { ...base, id: 2, quality: q }],
  [{ ...base, metadataFields: 3, quality: q }, { ...base, id: 2, quality: q }],
  [{ ...base, takenAt: '2010-01-01T00:00:00', quality: q }, { ...base, id: 2, takenAt: '2012-01-01T00:00:00', quality: q }],
  [{ ...base, quality: q }, { ...base, id: 2, mtimeMs: 10 * 86_400_000, quality: q }],
  [{ ...base, quality: q }, { ...base, id: 2, path: '/p/longer/IMG_1.jpg', quality: q }],
];

describe('duplicate sentences', () => {
  it('have the same codes in Chinese and English', () => {
    expect(Object.keys(DUPLICATE_SENTENCES['zh-CN']).sort()).toEqual(Object.keys(DUPLICATE_SENTENCES.en).sort());
  });

  it('word every keep reason the rules give, with its parameters, in both languages', () => {
    const codes = new Set<string>();
    for (const [a, b] of PAIRS) {
      const d = chooseKeeper([a, b], DEFAULT_KEEP_RULES);
      codes.add(d.message.code);
      for (const locale of ['en', 'zh-CN'] as const) {
        const text = sentence(locale, d.message, '');
        expect(text, `${locale} ${d.message.code}`).not.toBe('');
        expect(text).not.toMatch(/undefined|NaN|\$\{/);
      }
      expect(sentence('zh-CN', d.message)).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(codes.size).toBe(PAIRS.length); // each pair is told apart by another rule (or, for dates, another reason)
  });

  it('say the two file times of one day apart, to the minute, where the older file decides (an import beside its originals)', () => {
    // Trial 36: "Alike in every other way; its file is older (2026-12-06 against 2026-12-06)."
    const at = (h: number, min: number): number => Date.UTC(2026, 11, 6, h, min);
    const d = chooseKeeper([{ ...base, id: 2, mtimeMs: at(9, 18), quality: q }, { ...base, mtimeMs: at(8, 38), quality: q }], DEFAULT_KEEP_RULES);
    expect(d).toMatchObject({ keepId: 1, message: { code: 'keep.older-file', params: { keep: '2026-12-06 08:38 UTC', other: '2026-12-06 09:18 UTC' } } });
    expect(d.reason).toContain('(2026-12-06 08:38 UTC against 2026-12-06 09:18 UTC)');
    const shown = (ms: number, locale: 'en' | 'zh-CN'): string => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
    for (const locale of ['en', 'zh-CN'] as const) {
      const text = sentence(locale, d.message);
      expect(text).toContain(shown(at(8, 38), locale));
      expect(text).toContain(shown(at(9, 18), locale));
    }
    // of different days: the days, as before
    const days = chooseKeeper([{ ...base, id: 2, mtimeMs: at(9, 18) + 86_400_000, quality: q }, { ...base, mtimeMs: at(8, 38), quality: q }], DEFAULT_KEEP_RULES);
    expect(sentence('en', days.message)).toBe('Alike in every other way; its file is older (2026-12-06 against 2026-12-07).');
  });

  it('word every edit a copy is set aside for, each its own sentence, in both languages', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const said = COPY_EDITS.map((edit) => sentence(locale, chooseKeeper([{ ...base, quality: q }, { ...base, id: 2, quality: q, edit }], DEFAULT_KEEP_RULES).message));
      expect(new Set(said).size, `${locale}: ${said.join(' | ')}`).toBe(COPY_EDITS.length);
    }
  });

  it('word the rules that set copies aside before the deciding one, in both languages', () => {
    const members = [{ ...base, quality: q }, { ...base, id: 2, width: 2000, quality: q }, { ...base, id: 3, quality: q, edit: 'mirrored' as const }, { ...base, id: 4, mtimeMs: 9e11, quality: q }];
    const d = chooseKeeper(members, DEFAULT_KEEP_RULES);
    const group = { keepRule: d.rule, keepSteps: d.steps };
    const en = earlierKeepSteps('en', group, (r) => r);
    expect(en).toEqual(['pixels (1 copy set aside): More pixels: 4000×3000 against 2000×3000; the other is smaller or cropped.', 'edited (1 copy set aside): The other is a mirror image of the rest of the copies.']);
    expect(earlierKeepSteps('zh-CN', group, (r) => r).every((line) => /[\u4e00-\u9fff]/.test(line))).toBe(true);
    // copies set aside for different edits are each named
    const both = chooseKeeper([...members, { ...base, id: 5, quality: q, edit: 'overlay' as const }], DEFAULT_KEEP_RULES);
    expect(earlierKeepSteps('en', { keepRule: both.rule, keepSteps: both.steps }, (r) => r)[1]).toBe('edited (2 copies set aside): The others are mirrored or captioned against the rest of the copies.');
    expect(earlierKeepSteps('zh-CN', { keepRule: both.rule, keepSteps: both.steps }, (r) => r)[1]).toMatch(/被镜像或加了文字标记/);
    // a tie on every rule names the deciding steps too, as there is no deciding rule
    const tie = chooseKeeper([{ ...base, quality: q }, { ...base, id: 2, quality: q }, { ...base, id: 3, quality: q, edit: 'overlay' }], DEFAULT_KEEP_RULES);
    expect(earlierKeepSteps('en', { keepRule: tie.rule, keepSteps: tie.steps }, (r) => r)).toHaveLength(1);
  });

  it('say on the exact tab where the identical copies in groups of edited copies are, in both languages', () => {
    expect(DUPLICATES_MESSAGES.en.identicalElsewhere(12)).toBe('12 identical copies are in groups that also hold edited copies: see Edited copies, where they are marked \u201cIdentical copy\u201d.');
    expect(DUPLICATES_MESSAGES.en.identicalElsewhere(1)).toMatch(/^1 identical copy is .* where it is marked/);
    expect(DUPLICATES_MESSAGES['zh-CN'].identicalElsewhere(12)).toContain(`\u201c${DUPLICATES_MESSAGES['zh-CN'].identicalCopy}\u201d`);
  });

  it('word every pair verdict, and say when a picture had too few details for the point-by-point check', () => {
    const rules = ['content', 'same-file', 'hash', 'embedding', 'hash+embedding', 'local', 'look-alike', 'reshot', 'burst', 'flat', 'capture-time', 'other-camera', 'far-apart', 'raw+jpeg', 'no-match'] as const;
    for (const rule of rules) {
      const s = pairSentence({ rule, contentEqual: false, aspectRatio: 1, pixelRatio: 1, nearUniform: false, hashDistance: 4, cosine: 0.9, takenAtDeltaS: 3, localInliers: 20 });
      for (const locale of ['en', 'zh-CN'] as const) expect(sentence(locale, s.message, ''), `${locale} ${rule}`).not.toBe('');
    }
    // a hash match's turn or mirror is worded in the user's language (the stranger trial: "其中一张经过turned a quarter")
    for (const transform of ['rot90', 'rot180', 'rot270', 'flipH', 'flipV', 'transpose', 'antiTranspose'] as const) {
      const turned = pairSentence({ rule: 'hash', contentEqual: false, aspectRatio: 1, pixelRatio: 1, nearUniform: false, hashDistance: 0, transform });
      expect(turned.text).toMatch(/once one is [a-z]/);
      expect(turned.text).not.toMatch(/antiTranspose|transpose|rot\d|flip[HV]/); // words, not the hash's codes
      expect(sentence('zh-CN', turned.message), transform).not.toMatch(/[A-Za-z]{3,}/);
      expect(sentence('en', turned.message)).toContain(`once one is ${String(turned.message.params.transform)}`);
    }
    const few = pairSentence({ rule: 'hash', contentEqual: false, aspectRatio: 1, pixelRatio: 1, nearUniform: false, hashDistance: 2, fewFeatures: true });
    expect(few.text).toMatch(/too few details/i);
    expect(sentence('zh-CN', few.message)).toMatch(/细节太少/);
    // a vignette taken out before the pixels were compared: said after the verdict, with any other note
    const both = pairSentence({ rule: 'local', contentEqual: false, aspectRatio: 1, pixelRatio: 1, nearUniform: false, localInliers: 40, fewFeatures: true, vignetted: 'a' });
    expect(both.text).toMatch(/line up .* too few details.* vignette/i);
    expect(sentence('en', both.message)).toBe(both.text);
    expect(sentence('zh-CN', both.message)).toMatch(/细节太少.*暗角/);
    expect(sentence('zh-CN', pairSentence({ rule: 'hash', contentEqual: false, aspectRatio: 1, pixelRatio: 1, nearUniform: false, hashDistance: 2, vignetted: 'b' }).message)).toMatch(/暗角/);
  });
});
