// The pose model's decoding (as MoveNet's graph decodes its heads) and the rule that makes a face of a head's
// keypoints: frontal and profile heads give a box around the head, a back of the head or a head too unsure gives none.
import { describe, expect, it } from 'vitest';
import { decodeSinglePose, faceFromKeypoints, KEYPOINT, PROFILE_RULE, type Keypoint } from '../../../../src/main/engine/faces/pose-keypoints.js';

describe('decodeSinglePose', () => {
  // an 8 x 8 grid with 2 keypoints
  const grid = 8;
  const k = 2;
  const heads = () => ({
    heatmap: new Float32Array(grid * grid * k),
    centre: new Float32Array(grid * grid),
    regress: new Float32Array(grid * grid * 2 * k),
    offset: new Float32Array(grid * grid * 2 * k),
    grid,
  });
  const cell = (y: number, x: number) => y * grid + x;

  it('regresses each keypoint from the best centre and snaps it to the nearby heatmap peak, refined by its offset', () => {
    const h = heads();
    h.centre[cell(2, 2)] = 0.5;
    h.centre[cell(5, 5)] = 0.9; // the person
    // from (5, 5): keypoint 0 at about (1, 6), keypoint 1 at about (6, 1)
    h.regress.set([-4.2, 0.9, 1.1, -3.8], cell(5, 5) * 2 * k);
    // keypoint 0: a peak of 0.6 next to the regressed point, a stronger 0.9 far away (another person's): the near one
    // wins, as the graph divides by the distance + 1.8
    h.heatmap[cell(1, 6) * k] = 0.6;
    h.heatmap[cell(7, 0) * k] = 0.9;
    h.heatmap[cell(6, 1) * k + 1] = 0.4;
    h.offset.set([0.25, -0.5], cell(1, 6) * 2 * k);
    h.offset.set([0.5, 0.125], cell(6, 1) * 2 * k + 2);
    const [a, b] = decodeSinglePose(h);
    expect(a).toEqual({ y: (1 + 0.25) / grid, x: (6 - 0.5) / grid, score: expect.closeTo(0.6, 6) as number });
    expect(b).toEqual({ y: (6 + 0.5) / grid, x: (1 + 0.125) / grid, score: expect.closeTo(0.4, 6) as number });
  });

  it('breaks ties by the first cell in row order, as TF ArgMax does', () => {
    const h = heads();
    h.centre.fill(0.5);
    h.heatmap.fill(0); // every cell scores 0 for both keypoints: the first cell
    const [a] = decodeSinglePose(h);
    expect([a.x, a.y]).toEqual([0, 0]);
  });
});

describe('faceFromKeypoints', () => {
  const { nose, leftEye, rightEye, leftEar, rightEar } = KEYPOINT;
  /** Head keypoints (in pixels) of a person facing the camera at x 100, eyes at y 50: their right side on the image's left. */
  function frontal(): Keypoint[] {
    const kps: Keypoint[] = Array.from({ length: 17 }, () => ({ x: 0, y: 0, score: 0.05 }));
    kps[nose] = { x: 100, y: 60, score: 0.8 };
    kps[rightEye] = { x: 90, y: 50, score: 0.8 };
    kps[leftEye] = { x: 110, y: 50, score: 0.8 };
    kps[rightEar] = { x: 80, y: 55, score: 0.7 };
    kps[leftEar] = { x: 120, y: 55, score: 0.7 };
    return kps;
  }

  it('boxes a frontal head from ear to ear, eyes and ears in the face detector\'s order', () => {
    const face = faceFromKeypoints(frontal())!;
    // side = ear to ear (40), centred across the keypoints, a fifth of the side below the eyes
    expect(face.box).toEqual([80, 50 + 8 - 20, 40, 40]);
    const [first, second, n, mouth, earA, earB] = face.landmarks;
    expect(first).toEqual([90, 50]); // the eye on the image's left first, as BlazeFace gives it
    expect(second).toEqual([110, 50]);
    expect(n).toEqual([100, 60]);
    expect(mouth).toEqual([100, 70]); // as far below the nose as the nose is below the eyes
    expect([earA[0], earB[0]]).toEqual([80, 120]);
    expect(face.score).toBeCloseTo(0.7, 6);
  });

  it('boxes a profile: the nose, one eye and one ear seen, the other side hidden', () => {
    const kps = frontal();
    // facing the image's left: nose at 70, the left eye at 82, the left ear at 105; the right side hidden
    kps[nose] = { x: 70, y: 60, score: 0.6 };
    kps[leftEye] = { x: 82, y: 50, score: 0.5 };
    kps[leftEar] = { x: 105, y: 54, score: 0.6 };
    kps[rightEye] = { x: 80, y: 50, score: 0.1 };
    kps[rightEar] = { x: 100, y: 54, score: 0.1 };
    const face = faceFromKeypoints(kps)!;
    expect(face.box[2]).toBeCloseTo(Math.hypot(35, 6), 6); // nose to ear
    expect(face.box[0] + face.box[2] / 2).toBeCloseTo((70 + 105) / 2, 6);
    expect(face.score).toBeCloseTo(0.5, 6);
  });

  it('makes no face of the back of a head, an unsure nose, no eye, no ear, or a head too small', () => {
    const back = frontal();
    // seen from behind: the person's left eye and ear on the image's left
    for (const [l, r] of [[leftEye, rightEye], [leftEar, rightEar]]) [back[l].x, back[r].x] = [back[r].x, back[l].x];
    expect(faceFromKeypoints(back)).toBeNull();
    const below = (i: number) => {
      const kps = frontal();
      kps[i].score = PROFILE_RULE.minScore - 0.01;
      return kps;
    };
    expect(faceFromKeypoints(below(nose))).toBeNull();
    const noEye = below(leftEye);
    noEye[rightEye].score = 0.1;
    expect(faceFromKeypoints(noEye)).toBeNull();
    const noEar = below(leftEar);
    noEar[rightEar].score = 0.1;
    expect(faceFromKeypoints(noEar)).toBeNull();
    // one eye or one ear is enough
    expect(faceFromKeypoints(below(leftEye))).not.toBeNull();
    expect(faceFromKeypoints(below(rightEar))).not.toBeNull();
    const tiny = frontal().map((p) => ({ ...p, x: p.x / 8, y: p.y / 8 })); // ear to ear 5 px
    expect(faceFromKeypoints(tiny)).toBeNull();
  });
});
