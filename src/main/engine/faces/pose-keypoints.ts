// The pose model's heads decoded into keypoints, and the rule that turns a person's head keypoints into a face: where
// the face detector (a frontal one) found none in a person box, MoveNet still places a turned head by its nose, eyes and
// ears (face-runner.ts, PROFILE_LOOK).
import type { Point } from './face-geometry.js';

/** A keypoint in fractions of the pose model's input (0..1 across and down) with its heatmap score. */
export interface Keypoint { x: number; y: number; score: number }

/** COCO keypoint order (MoveNet's): the head's five come first. */
export const KEYPOINT = { nose: 0, leftEye: 1, rightEye: 2, leftEar: 3, rightEar: 4 } as const;

/** MoveNet's heads for one image, NHWC on its square grid (48 x 48 at 192 px). */
export interface PoseHeads {
  heatmap: Float32Array; // [grid, grid, K]
  centre: Float32Array; // [grid, grid, 1], already weighted towards the middle of the input
  regress: Float32Array; // [grid, grid, 2K]: (dy, dx) from a centre cell to each keypoint
  offset: Float32Array; // [grid, grid, 2K]: (dy, dx) of each keypoint within its cell
  grid: number;
}

/**
 * Decodes as MoveNet single-pose's own graph does after its heads (ArgMax, GatherNd): the person is the centre cell
 * with the highest weighted score; each keypoint is regressed from it, then snapped to the cell of its heatmap that is
 * highest once divided by (distance to the regressed point + 1.8) cells, and refined by that cell's offset. Scores are
 * the heatmap's at that cell. Ties go to the first cell in row order, as TF's ArgMax.
 */
export function decodeSinglePose(h: PoseHeads): Keypoint[] {
  const { grid } = h;
  const cells = grid * grid;
  const k = h.heatmap.length / cells;
  let centre = 0;
  for (let i = 1; i < cells; i++) if (h.centre[i] > h.centre[centre]) centre = i;
  const cy = Math.floor(centre / grid);
  const cx = centre - cy * grid;
  const out: Keypoint[] = [];
  for (let j = 0; j < k; j++) {
    const ry = cy + h.regress[centre * 2 * k + 2 * j];
    const rx = cx + h.regress[centre * 2 * k + 2 * j + 1];
    let best = 0;
    let bestValue = -Infinity;
    for (let i = 0; i < cells; i++) {
      const y = Math.floor(i / grid);
      const x = i - y * grid;
      const value = h.heatmap[i * k + j] / (Math.sqrt((y - ry) ** 2 + (x - rx) ** 2) + 1.8);
      if (value > bestValue) { bestValue = value; best = i; }
    }
    const y = Math.floor(best / grid);
    const x = best - y * grid;
    out.push({
      y: (y + h.offset[best * 2 * k + 2 * j]) / grid,
      x: (x + h.offset[best * 2 * k + 2 * j + 1]) / grid,
      score: h.heatmap[best * k + j],
    });
  }
  return out;
}

/**
 * When the head keypoints make a face: the nose and an eye (a back of the head shows neither; the pose model then
 * scores them low) and an ear (it gives the head's size where the eyes are too close together to: a profile), each
 * scored at least `minScore` (MoveNet's own display threshold). `minSide`: the head's size in the keypoints' pixels
 * (the runner gives them in the 192 px input: 12 px is 3 cells of the model's grid, below which its keypoints are
 * noise). Checked with bench/faces-second-look.ts --profile, each face found looked at (docs/faces.md).
 */
export const PROFILE_RULE = { minScore: 0.3, minSide: 12 } as const;

/** A face placed by keypoints: box [x, y, w, h], the detector's six landmarks (eyes, nose, mouth, ears; the eyes and
 *  ears in the order the image shows them) and a score, in the keypoints' pixels. */
export interface KeypointFace { box: [number, number, number, number]; landmarks: Point[]; score: number }

/**
 * The face box of a head from its keypoints (in pixels), or null where PROFILE_RULE is not met. The box is square: its
 * side the longest distance between the visible nose, eyes and ears (ear to ear on a frontal face, ear to nose on a
 * profile: both about a face's width), its centre midway across them and a fifth of the side below the eyes (the face
 * detector's boxes reach from the brow to the chin). The mouth, which the pose model does not place, is put as far
 * below the nose as the nose is below the eyes (the alignment template's proportions). The score is the lowest of the
 * nose's, the best eye's and the best ear's.
 */
export function faceFromKeypoints(kps: readonly Keypoint[]): KeypointFace | null {
  const { nose, leftEye, rightEye, leftEar, rightEar } = KEYPOINT;
  const ok = (i: number) => kps[i].score >= PROFILE_RULE.minScore;
  const eye = Math.max(kps[leftEye].score, kps[rightEye].score);
  const ear = Math.max(kps[leftEar].score, kps[rightEar].score);
  if (!ok(nose) || !(ok(leftEye) || ok(rightEye)) || !(ok(leftEar) || ok(rightEar))) return null;
  // Seen from behind: the model labels a person's sides by the whole body, and on a back view puts the left eye and
  // the left ear on the image's left, both mirrored (18 of the 22 false faces, mostly backs of heads, it made on the
  // street photos; 1 of the 15 true ones; bench/faces-second-look.ts --profile). On a face or a profile they are in
  // frontal order or overlap.
  if (kps[leftEye].x < kps[rightEye].x && kps[leftEar].x < kps[rightEar].x) return null;
  const seen = [nose, leftEye, rightEye, leftEar, rightEar].filter(ok).map((i) => kps[i]);
  let side = 0;
  for (const a of seen) for (const b of seen) side = Math.max(side, Math.hypot(a.x - b.x, a.y - b.y));
  if (side < PROFILE_RULE.minSide) return null;
  const eyes = [leftEye, rightEye].filter(ok).map((i) => kps[i]);
  const eyeY = eyes.reduce((s, p) => s + p.y, 0) / eyes.length;
  const xs = seen.map((p) => p.x);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = eyeY + side / 5;
  const p = (i: number): Point => [kps[i].x, kps[i].y];
  const [ex, ey] = [(kps[leftEye].x + kps[rightEye].x) / 2, (kps[leftEye].y + kps[rightEye].y) / 2];
  const mouth: Point = [2 * kps[nose].x - ex, 2 * kps[nose].y - ey];
  return {
    box: [cx - side / 2, cy - side / 2, side, side],
    // the person's right eye and ear are on the image's left, where the face detector's first eye and ear are
    landmarks: [p(rightEye), p(leftEye), p(nose), mouth, p(rightEar), p(leftEar)],
    score: Math.min(kps[nose].score, eye, ear),
  };
}
