// Which copy of a duplicate group to keep: an ordered, user-editable list of rules, tried in turn until one
// tells the best copy from the runner-up. The rule that decided is reported, so the user can see why.
import path from 'node:path';
import { DEFAULT_KEEP_RULES, type KeepRuleId } from '../../../shared/duplicate-types.js';

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
}

export interface KeepDecision {
  keepId: number;
  rule: KeepRuleId | 'only-choice';
  reason: string;
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

// RAW is the negative; HEIC, JPEG and TIFF are what cameras and scanners write; PNG, WebP and GIF copies of photos
// are exports, screenshots or web re-encodes.
const FORMAT_RANK: Record<string, number> = { raw: 3, heic: 2, jpeg: 2, tiff: 2, avif: 2, png: 1, webp: 1, gif: 0 };

const pixels = (c: KeepCandidate): number => (c.width ?? 0) * (c.height ?? 0);
const bytesPerPixel = (c: KeepCandidate): number | null => (pixels(c) > 0 ? c.bytes / pixels(c) : null);
const plausibleDate = (c: KeepCandidate): number | null => {
  if (!c.takenAt) return null;
  const t = Date.parse(c.takenAt);
  // 1970 (an unset clock) and dates before photography are not capture dates
  return Number.isFinite(t) && t > Date.UTC(1971, 0, 1) ? t : null;
};

/** Per rule: > 0 when a is better than b, < 0 when worse, 0 when the rule cannot tell them apart. */
const COMPARE: Record<KeepRuleId, (a: KeepCandidate, b: KeepCandidate) => number> = {
  original: (a, b) => Number(looksDerived(b.path)) - Number(looksDerived(a.path)),
  pixels: (a, b) => {
    const pa = pixels(a);
    const pb = pixels(b);
    // Within 1% is the same size (a RAW's preview and its JPEG differ by a few rows).
    return Math.abs(pa - pb) <= 0.01 * Math.max(pa, pb) ? 0 : Math.sign(pa - pb);
  },
  format: (a, b) => {
    const rank = (FORMAT_RANK[a.format ?? ''] ?? 0) - (FORMAT_RANK[b.format ?? ''] ?? 0);
    if (rank !== 0) return Math.sign(rank);
    // The same codec: markedly fewer bytes per pixel means re-compressed. Across codecs (HEIC packs twice what
    // JPEG does) or without a known size, bytes say nothing.
    const ra = bytesPerPixel(a);
    const rb = bytesPerPixel(b);
    if (a.format !== b.format || ra === null || rb === null) return 0;
    return ra > rb * 1.2 ? 1 : rb > ra * 1.2 ? -1 : 0;
  },
  metadata: (a, b) => Math.sign(a.metadataFields - b.metadataFields),
  date: (a, b) => {
    const da = plausibleDate(a);
    const db = plausibleDate(b);
    if (da === db) return 0;
    if (da === null) return -1;
    if (db === null) return 1;
    // a minute apart is the same capture (a copy's re-written time stamp)
    return Math.abs(da - db) < 60_000 ? 0 : Math.sign(db - da);
  },
  path: (a, b) => Math.sign(b.path.length - a.path.length),
};

function describe(rule: KeepRuleId, keep: KeepCandidate, other: KeepCandidate): string {
  switch (rule) {
    case 'original':
      return `${path.basename(other.path)} looks like a copy by its name`;
    case 'pixels':
      return `more pixels: ${keep.width}×${keep.height} against ${other.width}×${other.height}`;
    case 'format':
      return keep.format !== other.format
        ? `better format: ${keep.format ?? 'unknown'} over ${other.format ?? 'unknown'}`
        : `less compressed: ${((bytesPerPixel(keep) ?? 0) * 8).toFixed(2)} against ${((bytesPerPixel(other) ?? 0) * 8).toFixed(2)} bits per pixel`;
    case 'metadata':
      return `more metadata: ${keep.metadataFields} of camera, lens, place and date against ${other.metadataFields}`;
    case 'date':
      return `older capture date: ${keep.takenAt?.slice(0, 10) ?? '?'} against ${other.takenAt?.slice(0, 10) ?? 'none'}`;
    case 'path':
      return `shorter path: ${keep.path}`;
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
  for (const r of DEFAULT_KEEP_RULES) if (!out.includes(r)) out.push(r);
  return out;
}

/**
 * The copy to keep: each rule in turn keeps only the members it cannot tell from the best one, until one is
 * left. Filtering (rather than sorting with a comparator) stays deterministic although the rules have
 * tolerances (1% of pixels, a minute of capture time) that make "alike" non-transitive.
 */
export function chooseKeeper(members: readonly KeepCandidate[], rules: readonly KeepRuleId[] = DEFAULT_KEEP_RULES): KeepDecision {
  if (members.length === 0) throw new RangeError('a group has members');
  if (members.length === 1) return { keepId: members[0].id, rule: 'only-choice', reason: 'the only copy' };
  let left = [...members].sort((a, b) => a.id - b.id);
  for (const r of rules) {
    const best = left.reduce((b, c) => (COMPARE[r](c, b) > 0 ? c : b));
    const alike = left.filter((c) => COMPARE[r](best, c) <= 0);
    const beaten = left.filter((c) => COMPARE[r](best, c) > 0);
    left = alike.includes(best) ? alike : [best, ...alike];
    if (left.length === 1) {
      // explain against the closest contender this rule set aside
      const runnerUp = beaten.reduce((b, c) => (COMPARE[r](c, b) > 0 ? c : b));
      return { keepId: best.id, rule: r, reason: describe(r, best, runnerUp) };
    }
  }
  return { keepId: left[0].id, rule: 'only-choice', reason: 'the copies are alike on every rule: the first catalogued is kept' };
}
