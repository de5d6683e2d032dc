import ort from 'onnxruntime-node';
import sharp from 'sharp';
import { findModel, loadManifest, modelPath, type ModelEntry } from '../../engine/models/manifest.js';
import { decodeAnchors, insideShare, iou, weightedNms, type AnchorLevel, type Point, type RawFace } from '../../engine/faces/face-geometry.js';
import {
  FACE_DESCRIPTOR_MODEL_ID, FACE_DETECTOR_MODEL_ID, FACE_MODEL_VERSION, POSE_MODEL_ID, HEAD_LOOK, faceQuality, type CloserCrop, type DetectedFace, type PersonBox,
} from '../../engine/faces/face-types.js';
import { headSquare } from '../../engine/faces/closer-look.js';
import type { RgbImage } from '../../engine/media/rgb-image.js';
import { decodeSinglePose, faceFromKeypoints } from '../../engine/faces/pose-keypoints.js';
import { LruMap } from '../../engine/util/lru-map.js';
import { openSession } from '../sessions.js';
import { FaceCrop, dlibChipTemplate } from './face-crop.js';

export { alignFace, laplacianVariance } from './face-crop.js';

/** Detector settings, measured on faces-dev and kphotoalbum-demo (docs/faces.md). */
export const FACE_DETECTION = {
  /**
   * The whole photo at 512 px finds faces from about 4 % to 35-40 % of its long edge, at 128 px (a quarter of the 512 px
   * view's pixels, each the mean of a 4 x 4 block) the close-ups, from about 16-25 % up (bench/faces-pass-sizes.ts:
   * LFW faces pasted at 4-45 % of the long edge; docs/faces.md). The large-face pass was at 256 px: a quarter of the
   * CPU of the two passes for faces the 512 px pass finds too (on 166 everyday, hires and street photos it found one
   * face the 512 px pass missed, scored 0.74 at 256 px and under 0.7 at 128-192 and 448-512: bench/faces-passes.ts).
   * 512 rather than 640: on kphotoalbum-demo the same faces good enough to group (28), one `small` face fewer (33 vs
   * 34), a quarter less CPU per photo (bench/faces-cost.ts).
   */
  sizes: [128, 512] as const,
  /** A photo under three quarters of the larger size is read once, at this size (LFW's 250 px photos). */
  alone: 256,
  minScore: 0.7,
  iouThreshold: 0.3,
  maxFaces: 64,
} as const;

/**
 * Intra-op threads of the face models. They are small (a 256-512 px detector, a 224 px int8 descriptor): a second
 * thread gave no shorter runs on the 2-core machine, and cost a third more CPU per group photo to coordinate
 * (bench/faces-cost.ts: 89 vs 67 ms at load 4). The face stage runs beside decoding and the other stages anyway.
 */
export const FACE_THREADS = 1;

/** Side of the ArcFace-aligned crop the sharpness is measured on (the quality rule's minSharpness was set on it). */
export const QUALITY_CROP = 224;

/**
 * The second look where the object detector saw a person: the head region of a person box with no face found in it,
 * cropped from the preview and read by the detector at `size` px, so a face too small for the whole-photo passes
 * (below about 40 px in the 1280 px preview) is zoomed to a size the detector finds, and a turned face the looser
 * `minScore` lets through. Its faces below FACE_QUALITY's score are listed, never grouped. Person boxes come from the
 * quick pass's detector (fractions of the photo), taken from `minPersonScore` (between the detector's storage floor,
 * 0.2, and the tags' display threshold, 0.35). Measured with bench/faces-second-look.ts, each added face looked at
 * (docs/faces.md): the added faces' precision is flat from a score of 0.55 to 0.65 (about 6 in 10; the false ones are
 * mostly the backs of heads) and falls below 0.55 (3 in 8 at 0.50-0.55, 1 in 13 at 0.45-0.50); 256 px found more than
 * 192 or 128. A region under `minSide` px holds a face under about 12 px: nothing to find; one larger than `size` would
 * be shrunk, not zoomed: the whole-photo passes saw its head at that scale already, and what the looser score found
 * there was the back of a head (5 of 5 such faces on the street photos). `maxLooks` bounds the cost on a crowd.
 */
export const SECOND_LOOK = { ...HEAD_LOOK, minScore: 0.55, maxLooks: 4 } as const;

/**
 * The profile look where both looks of the face detector (a frontal one) found no face in a person box: the pose model
 * (MoveNet lightning, POSE_MODEL_ID) reads a square around the person at 192 px and places the head by its nose, eyes
 * and ears (pose-keypoints.ts: faceFromKeypoints, PROFILE_RULE). Such a face is described like the others where the
 * quality rule lets it be grouped, else listed, nameable, never grouped (most profiles: their eyes are close together).
 * Persons as for the second look (its minimum score and head size), `maxLooks` for a crowd. The model is opened on the
 * first look: photos without a faceless person never pay for it.
 */
export const PROFILE_LOOK = { size: 192, maxLooks: 4 } as const;

interface Session { entry: ModelEntry; session: ort.InferenceSession }

interface FaceSessions {
  detector: Session;
  descriptor: Session;
  /** opens the pose model (at most once) */
  pose: () => Promise<Session>;
}

/**
 * Finds faces in an upright RGB image and computes a descriptor for each: detection at two scales (large faces at
 * 256 px, small ones at 512 px), landmarks averaged over overlapping anchors, each face aligned to the template by a
 * similarity transform, then described. Quality (size and sharpness) is measured here, on the aligned crop.
 */
export class FaceRunner {
  /** the aligned face's buffers, reused from face to face */
  private readonly crop: FaceCrop;
  /** the detector's input arrays by shape (a photo's two passes and the second look's square), reused from photo to
   *  photo: allocating and zeroing 0.5-2 MB a pass, then collecting it, cost more CPU than filling it */
  private readonly detectorInputs = new LruMap<string, Float32Array>(4);
  /** calls run one at a time: they share the buffers above (the model process asks one at a time anyway) */
  private turn: Promise<unknown> = Promise.resolve();

  private constructor(private readonly s: FaceSessions) {
    // the sharpness on the ArcFace crop at 224 px (what the quality rule was set on), the descriptor on dlib's chip
    const chip = s.descriptor.entry.input.resize.sizes.embed[0];
    this.crop = new FaceCrop(QUALITY_CROP, { size: chip, template: dlibChipTemplate(chip) });
  }

  /** Runs `work` after the calls before it have ended. */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work, work);
    this.turn = run.catch(() => undefined);
    return run;
  }

  /** the pose model once asked for; null inside when it cannot be opened (the profile look is then left out: the faces
   *  the detector found are still stored, not failed for want of an extra look) */
  private pose: Promise<Session | null> | null = null;

  static async create(modelsDir: string, providers: readonly string[], threads: number): Promise<FaceRunner> {
    const manifest = await loadManifest(modelsDir);
    const open = async (id: string, probe: [number, number]): Promise<Session> => {
      const entry = findModel(manifest, id);
      const feeds = () => ({ [entry.input.name]: new ort.Tensor('float32', new Float32Array(probe[0] * probe[1] * 3), [1, probe[0], probe[1], 3]) });
      const opened = await openSession(modelPath(modelsDir, entry), providers, threads, feeds);
      return { entry, session: opened.session };
    };
    return new FaceRunner({
      detector: await open(FACE_DETECTOR_MODEL_ID, [256, 256]),
      descriptor: await open(FACE_DESCRIPTOR_MODEL_ID, [150, 150]),
      pose: () => open(POSE_MODEL_ID, [PROFILE_LOOK.size, PROFILE_LOOK.size]),
    });
  }

  /** `cost`, when given, adds the CPU ms of this process spent in each part (bench/faces-cost.ts); `profileLook: false`
   *  leaves the profile look out (bench/faces-second-look.ts --profile measures what it adds); `closer`: heads too small
   *  in `image`, cut from the original (closer-look.ts), read like the second look's. */
  faces(image: RgbImage, cost?: Record<string, number>, people: readonly PersonBox[] = [], { profileLook = true, closer = [] as readonly CloserCrop[] } = {}): Promise<DetectedFace[]> {
    return this.inTurn(() => this.facesNow(image, cost, people, profileLook, closer));
  }

  private async facesNow(image: RgbImage, cost: Record<string, number> | undefined, people: readonly PersonBox[], profileLook: boolean, closer: readonly CloserCrop[]): Promise<DetectedFace[]> {
    const spent = (part: string, since: NodeJS.CpuUsage) => {
      if (!cost) return;
      const u = process.cpuUsage(since);
      cost[part] = (cost[part] ?? 0) + (u.user + u.system) / 1000;
    };
    // One resize serves both passes: the small-face pass's image, halved by 2 x 2 averages until it is the large-face
    // pass's (a second resize of the preview cost 4 CPU ms per photo, a halving 0.2).
    const [small, large] = FACE_DETECTION.sizes;
    const found: RawFace[] = [];
    let t = process.cpuUsage();
    // A small photo gains nothing from the larger pass: it is read once, at FACE_DETECTION.alone.
    const big = Math.max(image.width, image.height) >= large * 0.75 ? await resizeTo(image, large) : null;
    // Each view with the scale back to the photo's pixels (a halved pixel is two of `big`'s, whatever its rounding).
    const views: [number, RgbImage, number, number][] = [];
    if (big) {
      let view = big;
      let k = 1;
      for (; k * small < large; k *= 2) view = halve(view);
      views.push([small, view, (k * image.width) / big.width, (k * image.height) / big.height]);
      views.push([large, big, image.width / big.width, image.height / big.height]);
    } else {
      const view = await resizeTo(image, FACE_DETECTION.alone);
      views.push([FACE_DETECTION.alone, view, image.width / view.width, image.height / view.height]);
    }
    spent('resize', t);
    t = process.cpuUsage();
    for (const [size, view, sx, sy] of views) {
      found.push(...(await this.detect(view, sx, sy)));
      spent(`detect ${size} px`, t);
      t = process.cpuUsage();
    }
    const first = weightedNms(found, FACE_DETECTION.iouThreshold);
    const second: RawFace[] = [];
    for (const region of headRegions(image, people, first)) {
      // one head per region: its best face (a second one there is another person's, with a box of its own, or noise);
      // one the whole-photo passes found already stays as they found it (its landmarks are not averaged anew)
      const best = (await this.detectIn(image, region)).sort((a, b) => b.score - a.score)[0];
      if (best && ![...first, ...second].some((f) => overlaps(f.box, best.box))) second.push(best);
    }
    spent('second look', t);
    t = process.cpuUsage();
    // the closer look: the same read on heads too small here, in the original's pixels (a face there may be under 8 px
    // here: it is kept, its size in the original being what the look's region floor bounds)
    const closeUp: RawFace[] = [];
    for (const { region, image: crop } of closer) {
      const best = (await this.detectCrop(crop, region)).sort((a, b) => b.score - a.score)[0];
      if (best && ![...first, ...second, ...closeUp].some((f) => overlaps(f.box, best.box))) closeUp.push(best);
    }
    if (closer.length) spent('closer look', t);
    t = process.cpuUsage();
    const profiles: RawFace[] = [];
    for (const region of profileLook ? personRegions(image, people, [...first, ...second, ...closeUp]) : []) {
      const face = await this.profileIn(image, region);
      if (face && ![...first, ...second, ...closeUp, ...profiles].some((f) => overlaps(f.box, face.box))) profiles.push(face);
    }
    spent('profile look', t);
    const faces = dropContained([...first, ...second, ...profiles])
      .filter((f) => f.box[2] >= 8 && f.box[3] >= 8)
      .concat(closeUp)
      .slice(0, FACE_DETECTION.maxFaces);
    const out: DetectedFace[] = [];
    t = process.cpuUsage();
    for (const f of faces) out.push(await this.describe(image, f, false));
    spent('align + describe', t);
    return out;
  }

  /** Describes a face the user drew: its landmarks are placed where the template expects them inside the box. */
  describeBox(image: RgbImage, box: [number, number, number, number]): Promise<DetectedFace> {
    const [x, y, w, h] = box;
    // Within a detector box, the eyes sit at about 30 % / 70 % across and 40 % down (measured on BlazeFace boxes).
    const rel: Point[] = [[0.3, 0.4], [0.7, 0.4], [0.5, 0.6], [0.5, 0.78], [0.05, 0.45], [0.95, 0.45]];
    const landmarks = rel.map(([u, v]) => [x + u * w, y + v * h] as Point);
    return this.inTurn(() => this.describe(image, { box, landmarks, score: 1 }, true));
  }

  /** The detector on one square region of the photo, zoomed to SECOND_LOOK.size. */
  private async detectIn(image: RgbImage, region: Region): Promise<RawFace[]> {
    const size = SECOND_LOOK.size;
    return this.detectCrop({ data: await squareOf(image, region, size), width: size, height: size, channels: 3 }, region);
  }

  /** The detector on `crop`, the pixels of a square region of the photo (zoomed to any square size), at the second
   *  look's score; boxes in the photo's pixels. */
  private async detectCrop(crop: RgbImage, [x, y, side]: Region): Promise<RawFace[]> {
    const k = side / crop.width;
    return (await this.detect(crop, k, k, SECOND_LOOK.minScore)).map((f) => ({
      score: f.score,
      box: [f.box[0] + x, f.box[1] + y, f.box[2], f.box[3]],
      landmarks: f.landmarks.map(([px, py]) => [px + x, py + y] as Point),
    }));
  }

  /** The pose model on a square around a person; the face its head keypoints make (faceFromKeypoints), in the photo's
   *  pixels, or null. */
  private async profileIn(image: RgbImage, [x, y, side]: Region): Promise<RawFace | null> {
    const size = PROFILE_LOOK.size;
    const data = await squareOf(image, [x, y, side], size);
    this.pose ??= this.s.pose().catch(() => null);
    const pose = await this.pose;
    if (!pose) return null;
    const { session, entry } = pose;
    const out = await session.run({ [entry.input.name]: new ort.Tensor('float32', Float32Array.from(data), [1, size, size, 3]) });
    const kps = decodeSinglePose({
      heatmap: out.heatmap.data as Float32Array,
      centre: out.centre.data as Float32Array,
      regress: out.regress.data as Float32Array,
      offset: out.offset.data as Float32Array,
      grid: out.heatmap.dims[1],
    });
    const face = faceFromKeypoints(kps.map((p) => ({ ...p, x: p.x * size, y: p.y * size })));
    if (!face) return null;
    const k = side / size;
    return {
      score: face.score,
      box: [face.box[0] * k + x, face.box[1] * k + y, face.box[2] * k, face.box[3] * k],
      landmarks: face.landmarks.map(([px, py]) => [px * k + x, py * k + y] as Point),
    };
  }

  /** Runs the detector on `view`, the photo resized by 1 / `sx`, 1 / `sy`; boxes come back in the photo's pixels. */
  private async detect(view: RgbImage, sx: number, sy: number, minScore: number = FACE_DETECTION.minScore): Promise<RawFace[]> {
    // The detector is convolutional: it reads the photo's own shape, padded only to the stride of its coarsest grid
    // (32), not to a square (a 3:2 photo costs two thirds of the square's pixels, and the padding held no faces).
    const { width: w, height: h } = view;
    const inW = Math.ceil(w / 32) * 32;
    const inH = Math.ceil(h / 32) * 32;
    const input = toUnitPadded(view, this.detectorInput(inW, inH), inW);
    const { session, entry } = this.s.detector;
    const out = await session.run({ [entry.input.name]: new ort.Tensor('float32', input, [1, inH, inW, 3]) });
    const levels: AnchorLevel[] = [['logits16', 'regressors16'], ['logits32', 'regressors32']].map(([l, r]) => ({
      logits: out[l].data as Float32Array,
      regressors: out[r].data as Float32Array,
      gridH: out[l].dims[1],
      gridW: out[l].dims[2],
      anchorsPerCell: out[l].dims[3],
    }));
    const faces = weightedNms(decodeAnchors(levels, inW, inH, minScore), FACE_DETECTION.iouThreshold);
    return faces.map((f) => ({
      score: f.score,
      box: [f.box[0] * sx, f.box[1] * sy, f.box[2] * sx, f.box[3] * sy],
      landmarks: f.landmarks.map(([px, py]) => [px * sx, py * sy] as Point),
    }));
  }

  /** The detector's input array for an `inW` x `inH` image, reused (its contents are the last call's). */
  private detectorInput(inW: number, inH: number): Float32Array {
    const key = `${inW}x${inH}`;
    let input = this.detectorInputs.get(key);
    if (!input) this.detectorInputs.set(key, input = new Float32Array(inW * inH * 3));
    return input;
  }

  /** Aligns the face and measures it; runs the descriptor model only when the face is good enough to be grouped
   *  (or `always`, for a face the user drew). */
  private async describe(image: RgbImage, f: RawFace, always: boolean): Promise<DetectedFace> {
    const { session, entry } = this.s.descriptor;
    const size = this.crop.inputSize;
    const sharpness = this.crop.align(image, f.landmarks);
    const eyeDistance = Math.hypot(f.landmarks[1][0] - f.landmarks[0][0], f.landmarks[1][1] - f.landmarks[0][1]);
    const face: DetectedFace = { box: f.box, landmarks: f.landmarks, score: f.score, sharpness, eyeDistance, descriptor: null, model: FACE_MODEL_VERSION };
    if (!always && faceQuality(face) !== 'ok') return face;
    // The face and its mirror image in one batch, descriptors averaged: a face seen from its left and one seen from
    // its right then meet halfway (faces-dev: BCubed recall +0.07 at the same precision, docs/faces.md).
    const input = this.crop.descriptorInput(); // the descriptor reads raw 0..255
    const out = await session.run({ [entry.input.name]: new ort.Tensor('float32', input, [2, size, size, 3]) });
    const both = out.descriptor.data as Float32Array;
    const dims = both.length / 2;
    const v = new Float32Array(dims);
    for (let i = 0; i < dims; i++) v[i] = both[i] + both[dims + i];
    let n = 0;
    for (const a of v) n += a * a;
    n = Math.sqrt(n) || 1;
    for (let i = 0; i < v.length; i++) v[i] /= n;
    return { ...face, descriptor: v };
  }

  async release(): Promise<void> {
    await this.s.detector.session.release().catch(() => undefined);
    await this.s.descriptor.session.release().catch(() => undefined);
    const pose = this.pose;
    this.pose = null;
    await (await pose)?.session.release().catch(() => undefined);
  }
}

/** A square of the photo in its pixels: left, top, side. */
type Region = [number, number, number];

/** The region's pixels scaled to `size` x `size`, for a model that looks at it alone (RGB, raw). */
function squareOf(image: RgbImage, [x, y, side]: Region, size: number): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract({ left: x, top: y, width: side, height: side })
    .resize(size, size, { fit: 'fill' })
    .raw()
    .toBuffer();
}

/** A person box with no face found in it: the box [x0, y0, x1, y1] and its head region, in the photo's pixels. */
interface FacelessPerson { box: [number, number, number, number]; head: Region }

/**
 * The person boxes (score >= SECOND_LOOK.minPersonScore) that hold no face in their top half or their head region,
 * largest first. The head region is the square as wide as the box at its top, raised by a tenth of that (the
 * detector's box often cuts the top of the head) and at most as tall as the box: it holds a standing person's head and
 * a seated one's head and shoulders (closer-look.ts headSquare). Regions under SECOND_LOOK.minSide hold a face under
 * about 12 px and are left out (a large original may still hold it: the closer look, closer-look.ts).
 */
function facelessPeople(image: RgbImage, people: readonly PersonBox[], faces: readonly RawFace[]): FacelessPerson[] {
  const { width: W, height: H } = image;
  const out: FacelessPerson[] = [];
  const persons = people
    .filter((p) => p.score >= SECOND_LOOK.minPersonScore)
    .map((p) => [p.box[0] * W, p.box[1] * H, p.box[2] * W, p.box[3] * H] as [number, number, number, number])
    .sort((a, b) => (b[2] - b[0]) * (b[3] - b[1]) - (a[2] - a[0]) * (a[3] - a[1]));
  for (const box of persons) {
    const [x0, y0, x1, y1] = box;
    const h = y1 - y0;
    if (x1 - x0 < 4 || h < 4) continue;
    const [left, top, side] = headSquare(box, W, H);
    // a face already found in the person box's top half or in the head region: nothing to look for
    if (faces.some((f) => {
      const cx = f.box[0] + f.box[2] / 2;
      const cy = f.box[1] + f.box[3] / 2;
      return cx >= Math.min(x0, left) && cx <= Math.max(x1, left + side) && cy >= Math.min(y0, top) && cy <= Math.max(y0 + h / 2, top + side);
    })) continue;
    if (side < SECOND_LOOK.minSide) continue;
    out.push({ box, head: [left, top, side] });
  }
  return out;
}

/**
 * Where the face detector looks again: the head regions of faceless persons (facelessPeople) that the crop zooms
 * (at most SECOND_LOOK.size px), at most SECOND_LOOK.maxLooks.
 */
export function headRegions(image: RgbImage, people: readonly PersonBox[], faces: readonly RawFace[]): Region[] {
  return facelessPeople(image, people, faces)
    .map((p) => p.head)
    .filter(([, , side]) => side <= SECOND_LOOK.size)
    .slice(0, SECOND_LOOK.maxLooks);
}

/**
 * Where the pose model looks (PROFILE_LOOK): for each person still without a face after both looks of the face
 * detector, the square around the whole person box (the pose model finds a person by the body, then its head), as
 * wide as the box's longer side and kept inside the photo, at most PROFILE_LOOK.maxLooks.
 */
export function personRegions(image: RgbImage, people: readonly PersonBox[], faces: readonly RawFace[]): Region[] {
  const { width: W, height: H } = image;
  return facelessPeople(image, people, faces).slice(0, PROFILE_LOOK.maxLooks).map(({ box: [x0, y0, x1, y1] }) => {
    const side = Math.round(Math.min(Math.max(x1 - x0, y1 - y0), W, H));
    const left = Math.round(Math.max(0, Math.min(W - side, (x0 + x1) / 2 - side / 2)));
    const top = Math.round(Math.max(0, Math.min(H - side, (y0 + y1) / 2 - side / 2)));
    return [left, top, side];
  });
}

/** A byte's value as the detector reads it: -1..1. */
const TO_UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 127.5 - 1);

/**
 * The detector's input: `view`'s bytes as -1..1 (TO_UNIT), each row followed by black (-1) up to `inW` pixels, then
 * black rows to the end of `input`. Eight values a step: half the CPU of one a step (0.55 vs 1.1 ms at 512 x 384).
 */
export function toUnitPadded(view: RgbImage, input: Float32Array, inW: number): Float32Array {
  const src = view.data;
  const n = view.width * 3;
  for (let y = 0; y < view.height; y++) {
    let i = y * n;
    const end = i + n;
    let o = y * inW * 3;
    for (; i + 7 < end; i += 8, o += 8) {
      input[o] = TO_UNIT[src[i]]; input[o + 1] = TO_UNIT[src[i + 1]]; input[o + 2] = TO_UNIT[src[i + 2]]; input[o + 3] = TO_UNIT[src[i + 3]];
      input[o + 4] = TO_UNIT[src[i + 4]]; input[o + 5] = TO_UNIT[src[i + 5]]; input[o + 6] = TO_UNIT[src[i + 6]]; input[o + 7] = TO_UNIT[src[i + 7]];
    }
    for (; i < end; i++, o++) input[o] = TO_UNIT[src[i]];
    input.fill(-1, o, (y + 1) * inW * 3);
  }
  input.fill(-1, view.height * inW * 3);
  return input;
}

/** The photo with its long edge at `edge` px (sharp's default Lanczos resampling). */
async function resizeTo(image: RgbImage, edge: number): Promise<RgbImage> {
  const scale = edge / Math.max(image.width, image.height);
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { data, width, height, channels: 3 };
}

/** The image at half size, each pixel the mean of a 2 x 2 block (an odd last row or column is dropped). */
export function halve(image: RgbImage): RgbImage {
  const width = Math.max(1, image.width >> 1);
  const height = Math.max(1, image.height >> 1);
  const data = new Uint8Array(width * height * 3);
  const src = image.data;
  const stride = image.width * 3;
  // a block's second row and column: the next ones, or the same again where the image is a single pixel across
  const down = image.height > 1 ? stride : 0;
  const right = image.width > 1 ? 3 : 0;
  let o = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0, a = 2 * y * stride; x < width; x++, a += 6, o += 3) {
      const b = a + right;
      const c = a + down;
      const d = c + right;
      data[o] = (src[a] + src[b] + src[c] + src[d] + 2) >> 2;
      data[o + 1] = (src[a + 1] + src[b + 1] + src[c + 1] + src[d + 1] + 2) >> 2;
      data[o + 2] = (src[a + 2] + src[b + 2] + src[c + 2] + src[d + 2] + 2) >> 2;
    }
  }
  return { data, width, height, channels: 3 };
}

/**
 * The larger pass sometimes finds an eye-and-nose "face" inside a close-up's face, which IoU cannot suppress (the
 * boxes differ too much in size): a face lying mostly inside a larger one found with a higher score is dropped.
 */
export function dropContained(faces: RawFace[]): RawFace[] {
  return faces.filter((f) => !faces.some((g) => g !== f && g.score >= f.score && g.box[2] > f.box[2] && insideShare(f.box, g.box) > 0.7));
}

/** Two boxes of one face: they overlap as much as non-maximum suppression allows, or one's centre is in the other. */
function overlaps(a: readonly number[], b: readonly number[]): boolean {
  const centreIn = (p: readonly number[], q: readonly number[]) => {
    const cx = p[0] + p[2] / 2;
    const cy = p[1] + p[3] / 2;
    return cx >= q[0] && cx <= q[0] + q[2] && cy >= q[1] && cy <= q[1] + q[3];
  };
  return iou(a, b) >= FACE_DETECTION.iouThreshold || centreIn(a, b) || centreIn(b, a);
}
