// Duplicate groups as the engine computes them and every front end shows them (CLI JSON, the UI).
// No Node, no DOM: JSON-safe values only.

/** exact: the same bytes; near: the same picture after an edit; similar: a burst or retake of one scene. */
export type DuplicateLevel = 'exact' | 'near' | 'similar';

export const DUPLICATE_LEVELS: readonly DuplicateLevel[] = ['exact', 'near', 'similar'];

/** How far the groups are from complete: `waiting` of the library's `photos` (failed ones aside) have not yet been
 *  through every stage duplicates are found by (the deep pass compares crops and turned copies): more groups may come. */
export interface DuplicateProgress {
  waiting: number;
  photos: number;
}

/**
 * Keep-best rules, tried in the user's order until one tells the copies apart. The copy to keep is whole (not a file
 * that ends early, read from the part that decodes) and the one the others could have been made from: more picture (pixels after padding is trimmed), not rotated onto a padded
 * canvas, not heavily re-compressed, less noise and blur at one scale, colour, a better format, camera metadata, and
 * only then the older date (capture date, then file time), the finer JPEG tables however slightly, and the shorter
 * path.
 */
export type KeepRuleId = 'intact' | 'original' | 'pixels' | 'padding' | 'edited' | 'quality' | 'clarity' | 'colour' | 'format' | 'metadata' | 'date' | 'compression' | 'path';

export const DEFAULT_KEEP_RULES: readonly KeepRuleId[] = ['intact', 'original', 'pixels', 'padding', 'edited', 'quality', 'clarity', 'colour', 'format', 'metadata', 'date', 'compression', 'path'];

/**
 * A sentence the engine says, as a code and its parameters: the UI words it in the user's language
 * (src/renderer/i18n/duplicates-messages.ts), the CLI prints the English `text` that comes with it.
 */
export interface DupMessage {
  code: string;
  params: Record<string, string | number>;
}

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
  /** keypoint matches that lined up (one scale, rotation and shift), when the local features were compared */
  localInliers: number | null;
  /** a picture had too few keypoints for the point-by-point check: the other signals decided */
  fewFeatures: boolean;
  /** the turn (degrees) that lined the keypoints up, when they were compared */
  localRotationDeg?: number;
  /** the pixel check: areas of the overlap with structure, how many agree, the correlation over the overlap, in
   *  the area that correlates least, and over the overlap without its worst outer row or column of areas (a band) */
  areas?: number;
  areasAgreeing?: number;
  pixelNcc?: number;
  pixelNccLow?: number;
  pixelNccRest?: number;
  /** the photo of the pair (a: the first, in a group the member; b: the second, the representative) that carries a
   *  vignette (edges darkened by a filter) the other has not; taken out before the pixels were compared. Its drop: how
   *  much darker that picture's edge is than the other's (0.3: 30%) */
  vignetted?: 'a' | 'b';
  vignetteDrop?: number;
  /** the verdict as one sentence: a code and parameters for the UI, and the English text for the CLI */
  message: DupMessage;
  text: string;
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
  /** exact: the keeper's very bytes; near: an edited copy; similar: a frame of a similar-shot stack */
  level: DuplicateLevel;
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
  /** the rule that decided, e.g. 'pixels' ('user' when the user chose the keeper), and a sentence for people */
  keepRule: KeepRuleId | 'only-choice' | 'user';
  reason: string;
  /** the reason as a code and parameters, for the UI to word in the user's language */
  reasonMessage: DupMessage;
  /** every rule that set copies aside, in order (the last one decided): why this copy and not each of the others */
  keepSteps?: KeepStepView[];
  members: DuplicateMember[];
}

/** One rule's part in choosing the keeper: the copies it set aside, and why, against the closest of them. */
export interface KeepStepView {
  rule: KeepRuleId;
  /** the members set aside */
  ids: number[];
  message: DupMessage;
  reason: string;
}
