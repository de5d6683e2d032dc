import { DEFAULT_PREVIEW_EDGE } from '../media/index.js';
import { decodedOrCached } from '../pipeline/cached-preview.js';
import type { Stage, StageContext } from '../pipeline/stage.js';
import { faceQuality, type CloserCrop, type DetectedFace, type PersonBox } from './face-types.js';
import { closerCrops } from './closer-look.js';
import type { Box, FaceInput, FaceRepository } from './face-repository.js';
import type { RgbImage } from '../media/rgb-image.js';
import { WorkerCrashedError } from '../inference/inference-client.js';
import { MediaError } from '../media/types.js';
import { intersection } from './face-geometry.js';
import { readNamedFaceRegions, regionFace } from './xmp-faces.js';

/** The long edge of the image the face models read: the viewer-size preview the deep pass decodes anyway. */
export const FACE_PREVIEW_EDGE = DEFAULT_PREVIEW_EDGE;

export interface FaceStageDeps {
  faces: FaceRepository;
  /** `people`: where the object detector saw persons (the runner looks again at the heads with no face found);
   *  undefined: not known, the model process finds them. `closer`: heads too small in `image`, cut from the original
   *  (closer-look.ts); `signal`: a stopped job's request is dropped instead of waiting for the models */
  detect: (image: RgbImage, people: PersonBox[] | undefined, closer: CloserCrop[], signal?: AbortSignal) => Promise<DetectedFace[]>;
  /** the photo's person boxes kept by the quick pass, or null (a photo indexed before they were kept) */
  people: (file: { id: number; content_hash: string }) => PersonBox[] | null;
  /** describes a face at a box (image pixels): for a named XMP region the detector did not find */
  describe: (image: RgbImage, box: [number, number, number, number], signal?: AbortSignal) => Promise<DetectedFace>;
  thumbnailDir: string;
  /**
   * The file's displayed size and orientation as the catalog holds them now: the row a stage is handed was read before
   * the analyse stage of this same run stored them.
   */
  displayed: (fileId: number) => { width: number | null; height: number | null; orientation: number | null } | undefined;
  /** called after a file's faces are stored (grouping runs after the pass, not per file) */
  onFaces?: (fileId: number) => void;
}

/**
 * Finds the faces of a photo and stores them with their descriptors, in displayed-photo pixels. A deep stage: it
 * runs after the quick pass. Decisions about faces found before are kept (FaceRepository.replaceDetected).
 */
export class FaceStage implements Stage {
  readonly name = 'faces';
  /** 2: mirror-averaged descriptors; 3: the int8 descriptor (FACE_MODEL_VERSION); 4: a second look at the heads of
   *  persons with no face found; 5: the profile look (the pose model on persons still without a face); 6: the
   *  large-face pass at 128 px instead of 256 (FACE_DETECTION.sizes: landmarks averaged over fewer anchors), and the
   *  closer look (closer-look.ts: small heads read from a large original); 7: dlib's descriptor instead of faceres (round
   *  eight); 8: dlib's descriptor in int8 (dlib-face-int8). Older faces are recomputed, keeping the user's decisions: descriptors of different models are never
   *  compared. */
  readonly version = 8;
  readonly pass = 'deep' as const;
  /** Shares the walk of the stage before it: where the preview stage has just decoded the original at viewer size
   *  (scratch.viewer, the size the face models read), the faces are found on that decode instead of on the viewer
   *  thumbnail decoded again (docs/faces.md). */
  readonly withPrevious = true;

  constructor(private readonly deps: FaceStageDeps) {}

  async run({ file, scratch, signal, recordTiming }: StageContext): Promise<void> {
    const t0 = performance.now();
    const image = await decodedOrCached(scratch.viewer, this.deps.thumbnailDir, file, FACE_PREVIEW_EDGE);
    const people = this.deps.people(file) ?? undefined;
    // heads too small in the preview, read from a large original (only where the quick pass kept person boxes)
    const closer = await closerCrops(file.path, image, people);
    const t1 = performance.now();
    let found: DetectedFace[];
    try {
      found = await this.deps.detect(image, people, closer, signal);
    } catch (err) {
      if (err instanceof WorkerCrashedError) throw new MediaError('the model process stopped while looking for faces in this photo', 'corrupt', { cause: err });
      throw err;
    }
    recordTiming('faces.prepare', t1 - t0);
    recordTiming('faces.models', performance.now() - t1);
    // to displayed-photo pixels: the preview is the displayed photo scaled down
    const shown = this.deps.displayed(file.id) ?? file;
    const scale = shown.width && image.width ? shown.width / image.width : 1;
    const inputs: FaceInput[] = found.map((f) => ({
      box: onPhoto([f.box[0] * scale, f.box[1] * scale, f.box[2] * scale, f.box[3] * scale], shown.width, shown.height),
      landmarks: f.landmarks.map(([x, y]) => [x * scale, y * scale]),
      score: f.score,
      sharpness: f.sharpness,
      eyeDistance: f.eyeDistance,
      quality: faceQuality(f),
      descriptor: f.descriptor,
      model: f.model,
    }));
    // names the file itself carries (XMP face regions): on the detected face they cover, or as a face of their own
    if (shown.width && shown.height) {
      const regions = await readNamedFaceRegions(file.path, { width: shown.width, height: shown.height, orientation: shown.orientation ?? 1 });
      for (const r of regions) {
        const match = regionFace(inputs.map((f) => f.box), r.box);
        if (match >= 0) {
          inputs[match].importedName = r.name;
          continue;
        }
        const d = await this.deps.describe(image, [r.box[0] / scale, r.box[1] / scale, r.box[2] / scale, r.box[3] / scale], signal);
        inputs.push({
          box: r.box, landmarks: d.landmarks.map(([x, y]) => [x * scale, y * scale]), score: 1, sharpness: d.sharpness,
          eyeDistance: d.eyeDistance, quality: faceQuality({ ...d, score: 1 }), descriptor: d.descriptor, model: d.model, importedName: r.name,
        });
      }
    }
    this.deps.faces.replaceDetected(file.id, file.content_hash, inputs);
    this.deps.onFaces?.(file.id);
  }
}

/**
 * The part of a face box that is on the photo: the detector's square around a face cut by the frame (a close-up)
 * runs past the edge, and a box is shown, drawn and returned (`loupe faces`) in the photo's own pixels.
 */
export function onPhoto(box: Box, width: number | null, height: number | null): Box {
  return width && height ? intersection(box, [0, 0, width, height]) : box;
}
