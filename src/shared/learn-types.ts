// Learned tags as the API shows them (see src/main/engine/learn/).

/** A tag the user taught from example photos. */
export interface LearnedTag {
  tag: string;
  tagZh: string | null;
  /** examples the model was trained on (the user's, plus photos tagged by hand) */
  positives: number;
  /** counter-examples and library photos used as negatives */
  negatives: number;
  /** cross-validated over the examples and negatives, at the threshold chosen at training time */
  cv: { precision: number; recall: number; f1: number };
  /** cut-off on the calibrated confidence, 0..1 */
  threshold: number;
  /** photos the tag is on now */
  tagged: number;
  /** too few examples for the figures to mean much: the UI warns */
  fewExamples: boolean;
  /** ms since the epoch */
  trainedAt: number;
}

/** Exported models are small; refuse anything larger than this before parsing. */
export const MAX_LEARNED_TAG_JSON = 64 * 1024;
