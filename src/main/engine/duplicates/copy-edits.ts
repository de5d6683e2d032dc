// Which copies of a duplicate group were turned, mirrored, tilted, vignetted or given a caption or logo: edits that a
// copy's own pixels do not betray (a quarter-turned copy is as sharp as its original, a caption adds crisp edges).
// Each member's stored match with the group's representative says how the two line up (the hash's rotation or mirror,
// the keypoints' turn) and, where their pixels were laid over each other, which areas differ. One pair cannot tell
// which of its two was turned or captioned; the group can: the original is the copy the others agree with. So a member
// that lines up differently from most of the group, or differs in a few areas where the rest of the group does not, is
// the edited one, and the keep rule `edited` sets it aside.
import type { PairExplanation } from '../../../shared/duplicate-types.js';
import { PIXELS, THRESHOLDS } from './near-duplicate-rule.js';

/** The edits a copy can be set aside for, in the order a sentence naming several lists them. */
export const COPY_EDITS = ['turned', 'mirrored', 'tilted', 'overlay', 'vignette'] as const;
export type CopyEdit = (typeof COPY_EDITS)[number];

export interface MemberMatch {
  id: number;
  /** the member's match with the representative; null for the representative itself */
  match: PairExplanation | null;
}

/** Keypoints lined up under a turn of at least this many degrees: a tilted copy (a level horizon is not 1 degree off). */
const TILT_DEG = 2;

type Orientation = string; // a dihedral name ('identity', 'rot90', 'flipH', ...) or 'tilt'

const mirrored = (o: Orientation): boolean => o.startsWith('flip') || o === 'transpose' || o === 'antiTranspose';

/** How a member lies relative to the representative, when its match says (undefined: it does not). */
function orientation(m: PairExplanation | null): Orientation | undefined {
  if (!m) return 'identity';
  if (m.rule === 'content') return 'identity';
  if (m.localRotationDeg !== undefined && Math.abs(m.localRotationDeg) >= TILT_DEG) return 'tilt';
  // the hash's symmetry only where the hashes are close: far apart, the best of 8 symmetries is chance
  if (m.transform && m.hashDistance !== null && m.hashDistance <= THRESHOLDS.hashLoose) return m.transform;
  // keypoints line up without orientation (no quarter turns): lined up at all, the two lie the same way
  if (m.localRotationDeg !== undefined) return 'identity';
  return undefined;
}

/**
 * Laid over the representative, the whole correlates like a copy but one area clearly less (a caption, a logo): the
 * area that correlates least is this far below the whole. Measured on the hash-matched copies of
 * bench/duplicates-groups.ts seeds 1-3 (whole at 0.95 or more): 33 of 58 captioned copies (the rest of the captions
 * vanish in the 980-pixel thumbnail), 15 of 675 other edits (colour, JPEG 10, a brightened copy's burnt highlights:
 * derived copies too); a gap of 0.10 takes 37 captions and 27 others, 0.20 takes 27 and 8.
 */
const SPOT_GAP = 0.15;

/**
 * What the copy correlates at where it is not marked: the whole, or, where a band along one edge is all that differs
 * (a caption bar, a date strip: PIXELS.bandNcc), the rest of it.
 */
const unmarked = (m: PairExplanation): number => Math.max(m.pixelNcc ?? 0, (m.pixelNccRest ?? 0) >= PIXELS.bandNcc ? m.pixelNccRest! : 0);

const spotted = (m: PairExplanation): boolean => unmarked(m) >= PIXELS.overlayNcc && unmarked(m) - (m.pixelNccLow ?? 1) >= SPOT_GAP;

/**
 * A spot with an area that disagrees outright (below the pixel check's own bar for an agreeing area): a mark, not a
 * dip. A smaller or re-compressed copy of a fine texture dips in one area too (a third-size copy of a plasma picture:
 * whole 0.999, lowest area 0.844, every area agreeing), and so does every degraded copy where the detail is finest.
 */
const plainlyMarked = (m: PairExplanation): boolean => spotted(m) && m.areas !== undefined && (m.areasAgreeing ?? m.areas) < m.areas;

/**
 * A vignette's drop, against the representative, that a copy's may fall short of the largest by and still be as clean:
 * the fit's spread between two clean copies of one vignetted picture (docs/duplicates.md).
 */
const VIGNETTE_SPREAD = 0.1;

/**
 * The members that carry a vignette. Unlike a caption, a pair itself tells which of its two darkens towards its own
 * edges: a member darker than the representative ('a') carries one. When the representative is the darker one ('b'),
 * it carries one, and so does every member lighter than it by clearly less than the lightest member is (a milder
 * vignette of its own), and every member laid over it pixel by pixel that found no difference in light (a vignette
 * like its own).
 */
function vignetted(members: readonly MemberMatch[], repId: number | undefined): number[] {
  const out = members.filter((m) => m.match?.vignetted === 'a').map((m) => m.id);
  const lighter = members.filter((m) => m.match?.vignetted === 'b');
  if (repId === undefined || lighter.length === 0) return out;
  const clearest = Math.max(...lighter.map((m) => m.match!.vignetteDrop ?? 0));
  for (const m of members) {
    if (!m.match || m.match.vignetted === 'a') continue;
    const alike = m.match.vignetted === undefined && m.match.areas !== undefined && orientation(m.match) === 'identity';
    if (alike || (m.match.vignetted === 'b' && (m.match.vignetteDrop ?? 0) < clearest - VIGNETTE_SPREAD)) out.push(m.id);
  }
  return [repId, ...out];
}

/** The members whose matches say they lie pixel for pixel as the representative does (the representative too). */
export function overlaidMembers(members: readonly MemberMatch[]): Set<number> {
  return new Set(members.filter((m) => orientation(m.match) === 'identity').map((m) => m.id));
}

/**
 * The edits each member shows against the rest of its group (members without one are left out). `members` holds the
 * representative (match null) and every other member with its match to it.
 */
export function copyEdits(members: readonly MemberMatch[]): Map<number, CopyEdit> {
  const out = new Map<number, CopyEdit>();
  // Orientation: the way most of the group lies is the original's; a unique majority is needed (two copies, one
  // turned, say nothing about which was turned).
  const lie = new Map<number, Orientation>();
  const votes = new Map<Orientation, number>();
  for (const m of members) {
    const o = orientation(m.match);
    if (o === undefined) continue;
    lie.set(m.id, o);
    votes.set(o, (votes.get(o) ?? 0) + 1);
  }
  const ranked = [...votes].sort((a, b) => b[1] - a[1]);
  const majority = ranked.length && (ranked.length === 1 || ranked[0][1] > ranked[1][1]) ? ranked[0][0] : undefined;
  if (majority !== undefined) {
    for (const [id, o] of lie) {
      if (o === majority) continue;
      out.set(id, o === 'tilt' || majority === 'tilt' ? 'tilted' : mirrored(o) !== mirrored(majority) ? 'mirrored' : 'turned');
    }
  }
  const rep = members.find((m) => m.match === null);
  for (const id of vignetted(members, rep?.id)) if (!out.has(id)) out.set(id, 'vignette');
  // Captions and logos: members laid over the representative pixel by pixel (lying its way), some differing in a few
  // areas, some agreeing everywhere. Most plainly marked: the representative carries the mark (setting aside the best
  // copy takes a mark that most copies see plainly, not dips that degraded copies show anyway). Otherwise the members
  // plainly marked where they are fewer than the others, and the spotted ones where the clean ones are as many (two
  // copies, one differing, do not say which of the two carries the mark). A pair that differs by a vignette dips in its
  // corners for that: no sign of a caption.
  const compared = members.filter((m) => m.match && lie.get(m.id) === 'identity' && m.match.pixelNccLow !== undefined && !m.match.vignetted);
  const spots = compared.filter((m) => spotted(m.match!));
  const marks = spots.filter((m) => plainlyMarked(m.match!));
  const clean = compared.length - spots.length;
  if (marks.length >= 2 && marks.length > compared.length - marks.length) {
    if (rep && !out.has(rep.id)) out.set(rep.id, 'overlay');
  } else {
    const fewMarks = marks.length < compared.length - marks.length;
    for (const m of spots) if (!out.has(m.id) && ((fewMarks && plainlyMarked(m.match!)) || clean >= spots.length)) out.set(m.id, 'overlay');
  }
  return out;
}
