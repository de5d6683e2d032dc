// Duplicate groups as the engine computes them and every front end shows them (CLI JSON, the UI).
// No Node, no DOM: JSON-safe values only.

/** exact: the same bytes; near: the same picture after an edit; similar: a burst or retake of one scene. */
export type DuplicateLevel = 'exact' | 'near' | 'similar';

export const DUPLICATE_LEVELS: readonly DuplicateLevel[] = ['exact', 'near', 'similar'];

/** Keep-best rules, tried in the user's order until one tells the copies apart. */
export type KeepRuleId = 'original' | 'pixels' | 'format' | 'metadata' | 'date' | 'path';

export const DEFAULT_KEEP_RULES: readonly KeepRuleId[] = ['original', 'pixels', 'format', 'metadata', 'date', 'path'];

/** Why two photos were (or were not) grouped: the signals and the rule that decided. */
export interface PairExplanation {
  level: DuplicateLevel | 'none';
  /** 0..1, 1 = identical */
  score: number;
  /** 'content', 'hash', 'embedding', 'hash+embedding', 'burst', or why not: 'flat', 'capture-time', 'other-camera', 'far-apart', 'raw+jpeg', 'no-match' */
  rule: string;
  contentEqual: boolean;
  /** perceptual-hash distance 0..64 (min over rotations/mirrors and the centred window), when known */
  hashDistance: number | null;
  /** the rotation/mirror that lined the two up ('identity' when none) */
  transform: string | null;
  cosine: number | null;
  aspectRatio: number;
  pixelRatio: number;
  takenAtDeltaS: number | null;
  distanceM: number | null;
  nearUniform: boolean;
}

export interface DuplicateMember {
  id: number;
  path: string;
  /** similarity to the group's representative, 0..1 */
  score: number;
  width: number | null;
  height: number | null;
  bytes: number;
  format: string | null;
  takenAt: string | null;
  /** how this member matched the representative (null for the representative itself) */
  match: PairExplanation | null;
}

export interface DuplicateGroup {
  /** stable while the group's representative stays */
  id: number;
  level: DuplicateLevel;
  representativeId: number;
  /** the member the keep rules chose */
  keepId: number;
  /** the rule that decided, e.g. 'pixels', and a sentence for people */
  keepRule: KeepRuleId | 'only-choice';
  reason: string;
  members: DuplicateMember[];
}
