// What the face models give for one face, and the few constants that tie stored faces to the models that made them.
import type { Point } from './face-geometry.js';

export const FACE_DETECTOR_MODEL_ID = 'blazeface-back';
export const FACE_DESCRIPTOR_MODEL_ID = 'faceres';
/**
 * Stored with every face: descriptors of different models are not comparable, so clustering only ever compares faces
 * of the current version. Bump when the models, the alignment or the detection settings change.
 */
export const FACE_MODEL_VERSION = 'blazeface-back@256+640/faceres@224-arcface4';

/** A face found by the models, in the pixels of the image they were given. */
export interface DetectedFace {
  box: [number, number, number, number];
  landmarks: Point[];
  score: number;
  /** variance of the Laplacian of the aligned crop (blur measure; higher is sharper) */
  sharpness: number;
  /** distance between the eyes in image pixels (a face's real resolution) */
  eyeDistance: number;
  /** L2-normalised descriptor */
  descriptor: Float32Array;
  model: string;
}
