import type { DetectionResult } from '../inference/protocol.js';
import type { PersonBox } from './face-types.js';

/** The COCO class whose boxes tell the face stage where people are. */
const PERSON = 'person';

/** The person boxes among an object detector's detections (the quick pass's), for the face stage's second look. */
export function personBoxes(detections: readonly DetectionResult[]): PersonBox[] {
  return detections.filter((d) => d.label === PERSON).map((d) => ({ box: [...d.box], score: d.score }));
}
