// People (issue #12) as the UI sees them: JSON-safe, shared by the backend and the renderer.
import type { PhotoSummary } from './api.js';

/** [x, y, width, height] in pixels of the photo as displayed (EXIF orientation applied). */
export type FaceRect = [number, number, number, number];

export type FaceQualityLabel = 'ok' | 'small' | 'blurred';

export interface PhotoFace {
  id: number;
  box: FaceRect;
  personId: number | null;
  name: string | null;
  /** 1 for the user's decisions, else the chance the person is right (0..0.99, calibrated); null when unassigned */
  confidence: number | null;
  quality: FaceQualityLabel;
}

export interface PersonInfo {
  id: number;
  name: string | null;
  hidden: boolean;
  photoCount: number;
  /** the face shown as the person's avatar */
  cover: { photo: PhotoSummary; box: FaceRect } | null;
}

export interface PersonDetail extends PersonInfo {
  photos: PhotoSummary[];
  faces: { id: number; photoId: number; box: FaceRect }[];
}

export interface FaceSuggestion {
  faceId: number;
  photo: PhotoSummary;
  box: FaceRect;
  personId: number;
  name: string;
  /** the chance the face is this person (0..0.99, calibrated): "Is this Anna? 87 %" */
  confidence: number;
}

/** A face in no person (grouping left it alone): the People screen lists these for "Who is this?". */
export interface UnassignedFace {
  faceId: number;
  photo: PhotoSummary;
  box: FaceRect;
  quality: FaceQualityLabel;
}

/** The longest name a person may have. */
export const MAX_PERSON_NAME_LENGTH = 200;
