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
  /** the user set the threshold (retrains keep it); else the trainer chose it */
  thresholdByUser: boolean;
  /** photos the tag is on now */
  tagged: number;
  /** too few examples for the figures to mean much: the UI warns */
  fewExamples: boolean;
  /** ms since the epoch */
  trainedAt: number;
}

/**
 * Refuse an imported file larger than this before parsing. An exported tag carries its examples' raw features, about
 * 12 KB each, and every answered suggestion adds one: 64 KB refused a tag of 6 examples (trial 13). 16 MB holds
 * about 1,300, under the server's 60 MB request limit.
 */
export const MAX_LEARNED_TAG_JSON = 16 * 1024 * 1024;
