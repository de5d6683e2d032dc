// Which copy of a duplicate group to keep: an ordered, user-editable list of rules, tried in turn until one
// tells the best copy from the runner-up. Every rule that set copies aside is reported, the deciding one last, so the
// user can see why this copy and not each of the others.
import path from 'node:path';
import { DEFAULT_KEEP_RULES, type DupMessage, type KeepRuleId, type KeepStepView } from '../../../shared/duplicate-types.js';
import { COPY_EDITS, type CopyEdit } from './copy-edits.js';
import type { CopyQuality } from './copy-quality.js';
import { DAMAGE_TEXT, type PhotoDamage } from '../../../shared/photo-damage.js';

export interface KeepCandidate {
  id: number;
  path: string;
  width: number | null;
  height: number | null;
  bytes: number;
  /** catalog format: 'raw', 'heic', 'jpeg', 'png', ... */
  format: string | null;
  /** ISO capture date from the photo's own metadata or name (null when only the file time was known) */
  takenAt: string | null;
  /** how many of camera, lens, GPS, capture date the file carries */
  metadataFields: number;
  /** the file's modification time (ms): the last tie-breaker (an original is usually on disk before its copies) */
  mtimeMs?: number;
  /** what the copy looks like as a copy (copy-quality.ts), when measured */
  quality?: CopyQuality;
  /** turned, mirrored, tilted, vignetted or captioned against the rest of its group (copy-edits.ts), when its matches say so */
  edit?: CopyEdit;
  /** lies pixel for pixel as the group's representative does (its match says so, unturned; the representative too) */
  overlaid?: boolean;
  /** the file ends early and was read from the part that decodes (a card pulled out mid-write) */
  damage?: PhotoDamage;
}

export interface KeepDecision {
  keepId: number;
  rule: KeepRuleId | 'only-choice' | 'user';
  /** the sentence in English (CLI): every rule that set copies aside, in order */
  reason: string;
  /** the deciding rule's sentence as a code and parameters (UI, in the user's language) */
  message: DupMessage;
  /** every rule that set copies aside, in order; the last one decided (none for a single member or a user's choice) */
  steps: KeepStepView[];
}

/**
 * Names that say "I am a copy": "(1)", "copy", 副本/拷贝, "-edited", "_small", messaging apps' re-encodes
 * (WhatsApp's IMG-20190501-WA0003). Matched on the file name only, so a folder called "Copies" does not count.
 */
const DERIVED_NAME = [
  /\(\d{1,3}\)(?=\.[^.]+$)/,
  /(^|[\s_.-])(copy|kopie|copie|copia)([\s_.-]|$)/i,
  /副本|拷贝|复制/,
  /[\s_.-](edited|edit|small|resized|scaled|compressed|thumb|thumbnail|web|export(ed)?)(?=[\s_.-]|\.[^.]+$)/i,
  /^(IMG|VID)-\d{8}-WA\d+/i,
];

export function looksDerived(filePath: string): boolean {
  const name = path.basename(filePath);
  return DERIVED_NAME.some((re) => re.test(name));
}

// RAW is the negative; every other still format can hold the original (a PNG wallpaper, a HEIC from a phone, a
// JPEG from a camera), so only GIF (a palette of 256 colours) ranks below. Re-compression is told by the JPEG
// tables (rule 'quality'), not by bytes per pixel: a noisy print-scan compresses worse and is no better for it.
const FORMAT_RANK: Record<string, number> = { raw: 2, gif: 0 };
const formatRank = (c: KeepCandidate): number => FORMAT_RANK[c.format ?? ''] ?? 1;
const LOSSLESS = new Set(['png', 'tiff', 'raw']);

/**
 * The padding share of `c` as compared with `other`. Two copies of one canvas size that both lie pixel for pixel as
 * the group's representative does hold one picture in one place, so their padding is the same: a difference is the
 * measurement's. A vignette, for one, darkens the picture beside padded corners (the black corners an alignment warp
 * or a rotation left), the fill that measures padding leaks out of them and finds none, and the vignetted copy would
 * win "more of the picture" over its own original (a stranger's trial: 1 of 12 keepers). Such a pair counts the
 * larger padding for both.
 */
function paddingShare(c: KeepCandidate, other: KeepCandidate): number {
  const own = c.quality?.paddingShare ?? 0;
  const onePlace = c.overlaid && other.overlaid && c.width === other.width && c.height === other.height;
  return onePlace ? Math.max(own, other.quality?.paddingShare ?? 0) : own;
}
/** Pixels of picture: the canvas less the padding a rotation or letterbox added. */
const contentPixels = (c: KeepCandidate, other: KeepCandidate): number => (c.width ?? 0) * (c.height ?? 0) * (1 - paddingShare(c, other));
/** JPEG quality from the tables; a lossless file counts as 100; unknown (HEIC, WebP, unreadable) as null. */
const quality = (c: KeepCandidate): number | null => c.quality?.jpegQuality ?? (LOSSLESS.has(c.format ?? '') ? 100 : null);
const plausibleDate = (c: KeepCandidate): number | null => {
  if (!c.takenAt) return null;
  const t = Date.parse(c.takenAt);
  // 1970 (an unset clock) and dates before photography are not capture dates
  return Number.isFinite(t) && t > Date.UTC(1971, 0, 1) ? t : null;
};
const olderBy = (a: number | null | undefined, b: number | null | undefined): number => {
  if (a === b || a === undefined || b === undefined) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  // a minute apart is the same time (a copy's re-written time stamp)
  return Math.abs(a - b) < 60_000 ? 0 : Math.sign(b - a);
};

/** Tolerances: what counts as "markedly" better, measured on the copies of bench/duplicates-groups.ts. */
export const KEEP_TOLERANCE = {
  /** content pixels within 3% are the same size (a RAW's preview and its JPEG differ by a few rows; a rotated
   *  copy's picture area is measured on its preview) */
  pixels: 0.03,
  /** padding share: more than 2 points more is a padded (rotated, letterboxed) copy */
  padding: 0.02,
  /**
   * JPEG quality: a copy saved below this is heavily re-compressed, and loses to one saved at least `qualityStep`
   * finer. Above it, finer tables say nothing about which copy came first: an original saved at 75 (many
   * wallpapers, phone apps) and its copies re-saved at 90 by an editor are all normal.
   */
  heavyJpeg: 50,
  quality: 8,
  /** noise: more than twice the other's plus a grey level (a print-scan: 3 to 8 against below 0.5) */
  noiseFactor: 2,
  noiseFloor: 1,
  /** sharpness: half as sharp again (re-saving and brightness changes move it by up to 20%) */
  sharpness: 1.5,
  /** the share of textured blocks below which sharpness and noise say nothing (a flat picture) */
  textured: 0.05,
  /** chroma: below 3 is grey; 8 or more with hues spread over 0.1 is colour (a grey picture tinted one colour is not) */
  grey: 3,
  colour: 8,
  hueSpread: 0.1,
} as const;

const T = KEEP_TOLERANCE;
const textured = (c: KeepCandidate): boolean => (c.quality?.texturedShare ?? 0) >= T.textured;

/** Per rule: > 0 when a is better than b, < 0 when worse, 0 when the rule cannot tell them apart. */
const COMPARE: Record<KeepRuleId, (a: KeepCandidate, b: KeepCandidate) => number> = {
  // first: a file that ends early is missing part of the picture whatever its name, size or date say
  intact: (a, b) => Number(b.damage !== undefined) - Number(a.damage !== undefined),
  original: (a, b) => Number(looksDerived(b.path)) - Number(looksDerived(a.path)),
  pixels: (a, b) => {
    const pa = contentPixels(a, b);
    const pb = contentPixels(b, a);
    return Math.abs(pa - pb) <= T.pixels * Math.max(pa, pb) ? 0 : Math.sign(pa - pb);
  },
  padding: (a, b) => {
    const d = paddingShare(b, a) - paddingShare(a, b);
    return Math.abs(d) > T.padding ? Math.sign(d) : 0;
  },
  // before the sharpness rule: a quarter turn resamples nothing yet reads sharper on a few textured blocks, a caption
  // adds crisp edges
  edited: (a, b) => Number(b.edit !== undefined) - Number(a.edit !== undefined),
  quality: (a, b) => {
    const qa = quality(a);
    const qb = quality(b);
    if (qa === null || qb === null || Math.min(qa, qb) >= T.heavyJpeg) return 0;
    return Math.abs(qa - qb) >= T.quality ? Math.sign(qa - qb) : 0;
  },
  clarity: (a, b) => {
    if (!a.quality || !b.quality || !textured(a) || !textured(b)) return 0;
    const na = a.quality.noise;
    const nb = b.quality.noise;
    if (nb > T.noiseFactor * na + T.noiseFloor) return 1;
    if (na > T.noiseFactor * nb + T.noiseFloor) return -1;
    const sa = a.quality.sharpness;
    const sb = b.quality.sharpness;
    return sa > T.sharpness * sb ? 1 : sb > T.sharpness * sa ? -1 : 0;
  },
  colour: (a, b) => {
    const colour = (c: KeepCandidate): boolean => !!c.quality && c.quality.chroma >= T.colour && c.quality.hueSpread >= T.hueSpread;
    const grey = (c: KeepCandidate): boolean => !!c.quality && c.quality.chroma < T.grey;
    return colour(a) && grey(b) ? 1 : colour(b) && grey(a) ? -1 : 0;
  },
  format: (a, b) => Math.sign(formatRank(a) - formatRank(b)),
  metadata: (a, b) => Math.sign(a.metadataFields - b.metadataFields),
  // the capture date the photo says, and when neither tells them apart, the file's own time
  date: (a, b) => olderBy(plausibleDate(a), plausibleDate(b)) || olderBy(a.mtimeMs, b.mtimeMs),
  // Two JPEGs alike in everything above, file times included (a library copied from an old disk or a cloud download
  // stamps every file alike): the finer tables, however slightly. A camera saves at 90 or more, a re-save or a
  // messaging app at 70-85, and a copy re-encoded at a coarser setting lost detail, so this is the better guess than
  // the path's length, which had kept a re-save at 70 and a re-encoded turned copy at 90 over the camera's 92 in a
  // stranger's trial (5 of 23 keepers). After `date`: where the file times differ the older file still decides, so
  // an original saved at 75 stays the keeper of its copy re-saved at 90 by an editor later. JPEG against JPEG only:
  // a PNG made from a JPEG is no finer than it.
  compression: (a, b) => {
    const qa = a.quality?.jpegQuality;
    const qb = b.quality?.jpegQuality;
    return qa == null || qb == null ? 0 : Math.sign(qa - qb);
  },
  path: (a, b) => Math.sign(b.path.length - a.path.length),
};

const day = (ms: number | null | undefined): string => (ms ? new Date(ms).toISOString().slice(0, 10) : '?');

/**
 * The two files' times as the older-file rule says them: their days, or, where both are of one day (copies made the
 * same day: an import beside the originals), to the minute, with the times themselves (keepAt, otherAt) for the UI
 * to show in the user's zone. Trial 36: "its file is older (2026-12-06 against 2026-12-06)".
 */
function fileTimes(keepMs: number | null | undefined, otherMs: number | null | undefined): DupMessage['params'] {
  if (!keepMs || !otherMs || day(keepMs) !== day(otherMs)) return { keep: day(keepMs), other: day(otherMs) };
  const minute = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return { keep: minute(keepMs), other: minute(otherMs), keepAt: new Date(keepMs).toISOString(), otherAt: new Date(otherMs).toISOString() };
}
const round1 = (x: number | undefined): number => Math.round((x ?? 0) * 10) / 10;

const EDIT_WORDS: Record<CopyEdit, string> = {
  turned: 'the other is turned (a quarter or half turn) against the rest of the copies',
  mirrored: 'the other is a mirror image of the rest of the copies',
  tilted: 'the other was turned by a few degrees against the rest of the copies',
  overlay: 'the other carries a caption or mark the rest of the copies do not have',
  vignette: 'the other has darkened edges (a vignette) the rest of the copies do not have',
};
/** The same, a few words each, for copies set aside for different edits at once. */
const EDIT_SHORT: Record<CopyEdit, string> = { turned: 'turned', mirrored: 'mirrored', tilted: 'tilted', overlay: 'captioned', vignette: 'vignetted' };

/** Why `keep` and not `other`, by `rule`: a code with parameters (UI) and the English sentence (CLI). */
function describe(rule: KeepRuleId, keep: KeepCandidate, other: KeepCandidate): { message: DupMessage; reason: string } {
  const m = (code: string, params: DupMessage['params'], reason: string) => ({ message: { code, params }, reason });
  const size = (c: KeepCandidate): string => `${c.width}×${c.height}`;
  switch (rule) {
    case 'intact':
      return m('keep.intact', { other: path.basename(other.path), damage: other.damage ?? 'truncated' }, `${path.basename(other.path)} is a ${DAMAGE_TEXT[other.damage ?? 'truncated']}`);
    case 'original':
      return m('keep.original', { other: path.basename(other.path) }, `${path.basename(other.path)} looks like a copy by its name`);
    case 'pixels':
      return (other.quality?.paddingShare ?? 0) > T.padding
        ? m('keep.more-picture', { keep: size(keep), other: size(other) }, `more of the picture: ${size(keep)} against ${size(other)} once the other's padding is trimmed`)
        : m('keep.more-pixels', { keep: size(keep), other: size(other) }, `more pixels: ${size(keep)} against ${size(other)}: the other is smaller or cropped`);
    case 'padding':
      return m('keep.not-rotated', { share: Math.round((other.quality?.paddingShare ?? 0) * 100) }, `the other was rotated or framed onto a padded canvas (${Math.round((other.quality?.paddingShare ?? 0) * 100)}% padding)`);
    case 'edited':
      return m('keep.not-edited', { edit: other.edit ?? '' }, EDIT_WORDS[other.edit ?? 'turned']);
    case 'quality':
      return m('keep.finer-jpeg', { keep: quality(keep) ?? '?', other: quality(other) ?? '?' }, `the other was re-saved with heavy compression: quality ${quality(other)} against ${quality(keep)}`);
    case 'clarity': {
      const noisier = other.quality!.noise > T.noiseFactor * keep.quality!.noise + T.noiseFloor;
      return noisier
        ? m('keep.less-noise', { keep: round1(keep.quality?.noise), other: round1(other.quality?.noise) }, `cleaner: noise ${round1(keep.quality?.noise)} against ${round1(other.quality?.noise)} grey levels (the other looks scanned or degraded)`)
        : m('keep.sharper', { keep: round1(keep.quality?.sharpness), other: round1(other.quality?.sharpness) }, `sharper at the same scale: ${round1(keep.quality?.sharpness)} against ${round1(other.quality?.sharpness)} (the other is blurred)`);
    }
    case 'colour':
      return m('keep.colour', {}, 'in colour; the other is a grey copy');
    case 'format':
      return m('keep.format', { keep: keep.format ?? '?', other: other.format ?? '?' }, `better format: ${keep.format ?? 'unknown'} over ${other.format ?? 'unknown'}`);
    case 'metadata':
      return m('keep.metadata', { keep: keep.metadataFields, other: other.metadataFields }, `more camera metadata: ${keep.metadataFields} of camera, lens, place and date against ${other.metadataFields}`);
    case 'date': {
      const byCapture = olderBy(plausibleDate(keep), plausibleDate(other)) !== 0;
      if (byCapture) return m('keep.older-capture', { keep: keep.takenAt?.slice(0, 10) ?? '?', other: other.takenAt?.slice(0, 10) ?? '-' }, `older capture date: ${keep.takenAt?.slice(0, 10) ?? '?'} against ${other.takenAt?.slice(0, 10) ?? 'none'}`);
      const times = fileTimes(keep.mtimeMs, other.mtimeMs);
      return m('keep.older-file', times, `alike in every other way; its file is older (${times.keep} against ${times.other})`);
    }
    case 'compression':
      return m('keep.finer-compression', { keep: keep.quality?.jpegQuality ?? '?', other: other.quality?.jpegQuality ?? '?' }, `alike in every other way; less compressed: JPEG quality ${keep.quality?.jpegQuality} against ${other.quality?.jpegQuality} (the other was re-saved)`);
    case 'path':
      return m('keep.shorter-path', { path: keep.path }, `alike in every other way; shorter path: ${keep.path}`);
  }
}

/** Validates a stored or user-supplied rule list: known ids, each once; missing ones are appended in default order. */
export function normaliseKeepRules(input: unknown): KeepRuleId[] {
  if (!Array.isArray(input)) throw new TypeError('keep rules must be a list');
  const known = new Set<string>(DEFAULT_KEEP_RULES);
  const out: KeepRuleId[] = [];
  for (const r of input) {
    if (typeof r !== 'string' || !known.has(r)) throw new TypeError(`unknown keep rule ${JSON.stringify(r)} (known: ${DEFAULT_KEEP_RULES.join(', ')})`);
    if (out.includes(r as KeepRuleId)) throw new TypeError(`keep rule ${r} is listed twice`);
    out.push(r as KeepRuleId);
  }
  // a rule added in a later version goes where the default order puts it (after the rule before it there), so a
  // list saved before it existed still reads as the user ordered it
  DEFAULT_KEEP_RULES.forEach((r, i) => {
    if (out.includes(r)) return;
    const after = i === 0 ? -1 : out.indexOf(DEFAULT_KEEP_RULES[i - 1]);
    out.splice(after + 1, 0, r);
  });
  return out;
}

/**
 * The copy to keep: each rule in turn keeps only the members it cannot tell from the best one, until one is
 * left. Filtering (rather than sorting with a comparator) stays deterministic although the rules have
 * tolerances (1% of pixels, a minute of capture time) that make "alike" non-transitive. Every rule that set members
 * aside is reported (`steps`), so the explanation says why this copy and not each of the others.
 */
export function chooseKeeper(members: readonly KeepCandidate[], rules: readonly KeepRuleId[] = DEFAULT_KEEP_RULES): KeepDecision {
  if (members.length === 0) throw new RangeError('a group has members');
  if (members.length === 1) return { keepId: members[0].id, rule: 'only-choice', reason: 'the only copy', message: { code: 'keep.only', params: {} }, steps: [] };
  let left = [...members].sort((a, b) => a.id - b.id);
  const setAside: { rule: KeepRuleId; best: KeepCandidate; beaten: KeepCandidate[] }[] = [];
  for (const r of rules) {
    const best = left.reduce((b, c) => (COMPARE[r](c, b) > 0 ? c : b));
    const alike = left.filter((c) => COMPARE[r](best, c) <= 0);
    const beaten = left.filter((c) => COMPARE[r](best, c) > 0);
    left = alike.includes(best) ? alike : [best, ...alike];
    if (beaten.length) setAside.push({ rule: r, best, beaten });
    if (left.length === 1) break;
  }
  const keeper = left[0];
  const steps = setAside.map(({ rule, best, beaten }): KeepStepView => {
    // against the closest contender the rule set aside, in the keeper's own figures where they tell it apart too
    const runnerUp = beaten.reduce((b, c) => (COMPARE[rule](c, b) > 0 ? c : b));
    const ids = beaten.map((c) => c.id);
    // copies set aside for different edits (one turned, one mirrored): each named, not only the closest's
    const edits = COPY_EDITS.filter((e) => beaten.some((c) => c.edit === e));
    if (rule === 'edited' && edits.length > 1) {
      const words = edits.map((e) => EDIT_SHORT[e]);
      const reason = `the others are ${words.slice(0, -1).join(', ')} or ${words[words.length - 1]} against the rest of the copies`;
      return { rule, ids, message: { code: 'keep.not-edited', params: { edit: edits.join(',') } }, reason };
    }
    const { message, reason } = describe(rule, COMPARE[rule](keeper, runnerUp) > 0 ? keeper : best, runnerUp);
    return { rule, ids, message, reason };
  });
  // with more than one rule at work, each sentence says which copies it set aside
  const told = steps.length === 1 && left.length === 1
    ? [steps[0].reason]
    : steps.map((s) => `${s.reason} (${s.ids.length === 1 ? path.basename(members.find((c) => c.id === s.ids[0])!.path) : `${s.ids.length} copies`})`);
  if (left.length === 1) {
    const last = steps[steps.length - 1];
    return { keepId: keeper.id, rule: last.rule, reason: told.join('; '), message: last.message, steps };
  }
  return {
    keepId: keeper.id,
    rule: 'only-choice',
    reason: [...told, `the ${left.length} copies left are alike on every rule: the first catalogued is kept`].join('; '),
    message: { code: 'keep.alike', params: {} },
    steps,
  };
}
