// What the face models give for one face, and the few constants that tie stored faces to the models that made them.
import type { Point } from './face-geometry.js';
import type { FaceQuality } from './face-repository.js';
import type { RgbImage } from '../media/rgb-image.js';

export const FACE_DETECTOR_MODEL_ID = 'blazeface-back';
/** dlib's face recognition ResNet (128-d; docs/models.md), on dlib's 150 px chip, int8 (scripts/models/quantize-dlib-face.ts);
 *  faceres-int8 before (issue #12, round eight), dlib float in round eight */
export const FACE_DESCRIPTOR_MODEL_ID = 'dlib-face-int8';
/** MoveNet lightning: the profile look's pose model (worker/faces/face-runner.ts PROFILE_LOOK) */
export const POSE_MODEL_ID = 'movenet-lightning';
/**
 * Stored with every face: descriptors of different models are not comparable, so clustering only ever compares faces
 * of the current version. Bump when the models, the alignment or the detection settings change.
 */
export const FACE_MODEL_VERSION = 'blazeface-back@128+512rect/dlib-face-int8@150-dlibchip-mirror';

/** A face found by the models, in the pixels of the image they were given. */
export interface DetectedFace {
  box: [number, number, number, number];
  landmarks: Point[];
  score: number;
  /** variance of the Laplacian of the aligned crop (blur measure; higher is sharper) */
  sharpness: number;
  /** distance between the eyes in image pixels (a face's real resolution) */
  eyeDistance: number;
  /** L2-normalised descriptor; null for a face too small or blurred to be grouped (not worth the model's time) */
  descriptor: Float32Array | null;
  model: string;
}

/** A person the object detector saw: [x0, y0, x1, y1] in fractions of the photo, and its score. Where one has no face
 *  found, the face detector looks at its head again (face-runner.ts, SECOND_LOOK). */
export interface PersonBox {
  box: [number, number, number, number];
  score: number;
}

/**
 * What the two looks at a person's head share, the second look (face-runner.ts SECOND_LOOK, where each value was
 * measured) and the closer look (closer-look.ts CLOSER_LOOK): the square a head region is zoomed to for the detector,
 * the smallest head region worth a look (under it a face is under about 12 px), the person boxes believed.
 */
export const HEAD_LOOK = { size: 256, minSide: 32, minPersonScore: 0.3 } as const;

/** A head region too small in the preview, read from the original (closer-look.ts): `region` [left, top, side] in the
 *  preview's pixels, `image` its pixels in the original zoomed to a square (CLOSER_LOOK.size). */
export interface CloserCrop {
  region: [number, number, number];
  image: RgbImage;
}

/**
 * Below these a face is listed but kept out of grouping: its descriptor is not reliable enough to decide who it is.
 * Eye distance in the pixels the models saw (a face about 30 px wide has 12); sharpness is the Laplacian variance of
 * the aligned 224 px crop (docs/faces.md gives the measured distribution).
 */
export const FACE_QUALITY = { minEyeDistance: 12, minSharpness: 3, minScore: 0.7 } as const;

export function faceQuality(f: Pick<DetectedFace, 'eyeDistance' | 'sharpness' | 'score'>): FaceQuality {
  if (f.eyeDistance < FACE_QUALITY.minEyeDistance || f.score < FACE_QUALITY.minScore) return 'small';
  if (f.sharpness < FACE_QUALITY.minSharpness) return 'blurred';
  return 'ok';
}

