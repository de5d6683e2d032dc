import sharp from 'sharp';
import type { TextConfirmResult, TextLineResult, TextLookResult } from '../inference/protocol.js';
import type { RgbImage } from '../media/rgb-image.js';
import { analyzePhoto } from '../media/index.js';
import { keptLines } from './text-lines.js';
import type { StoredTextLine } from './text-repository.js';
import { CONFIRM_EDGE, LOOK_EDGE, READ_DETECT_EDGE, READ_IMAGE_EDGE } from './text-models.js';

/** The model process's text calls (InferenceClient; a test may pass anything that reads). `signal`: a stopped job's
 *  requests are dropped instead of waiting for the models. */
export interface TextModels {
  textLook(image: RgbImage, signal?: AbortSignal): Promise<TextLookResult>;
  textRead(image: RgbImage, detectEdge: number, signal?: AbortSignal): Promise<TextLineResult[]>;
  textConfirm(image: RgbImage, candidates: [number, number][][], signal?: AbortSignal): Promise<TextConfirmResult>;
}

export interface PhotoText {
  /** the photo as displayed (EXIF orientation applied): the space the boxes are in */
  width: number;
  height: number;
  lines: StoredTextLine[];
}

/** Reads the text in photos through the model process: a quick look first, then the photo at full detail. */
export class TextReader {
  /** `lookEdge`: the quick look's size (benchmarks try others; the app uses LOOK_EDGE) */
  constructor(private readonly models: TextModels, private readonly lookEdge = LOOK_EDGE) {}

  /** Whether `preview` (any size, upright RGB) shows text worth reading: the detector's look at a small copy. */
  async look(preview: RgbImage, signal?: AbortSignal): Promise<TextLookResult> {
    return this.models.textLook(await shrink(preview, this.lookEdge), signal);
  }

  /**
   * Whether the photo is worth reading at full detail: the quick look at `preview` sees text, and the recogniser
   * reads something in one of the look's boxes, cut from `detail()` (the photo at CONFIRM_EDGE px; only decoded
   * when the look sees text). `checked` reports each step's outcome (for timings).
   */
  async worthReading(
    preview: RgbImage, detail: () => Promise<RgbImage>, checked: (step: 'look' | 'confirm') => void = () => {}, signal?: AbortSignal,
  ): Promise<boolean> {
    const look = await this.look(preview, signal);
    checked('look');
    if (!look.hasText) return false;
    const confirmed = (await this.models.textConfirm(await detail(), look.candidates, signal)).confirmed;
    checked('confirm');
    return confirmed;
  }

  /**
   * Every line worth keeping in the photo at `file`, its boxes in pixels of the photo as displayed. With
   * `look`, only when the photo is worth reading (the quick look and its confirmation, what indexing stores;
   * otherwise no lines).
   */
  async read(file: string, mtimeMs: number, opts: { look?: boolean; signal?: AbortSignal } = {}): Promise<PhotoText> {
    const photo = await analyzePhoto(file, { mtimeMs, previewEdge: READ_IMAGE_EDGE });
    const image = photo.preview;
    if (opts.look && !(await this.worthReading(image, () => shrink(image, CONFIRM_EDGE), undefined, opts.signal))) {
      return { width: photo.width, height: photo.height, lines: [] };
    }
    const lines = await this.models.textRead(image, READ_DETECT_EDGE, opts.signal);
    return { width: photo.width, height: photo.height, lines: keptLines(lines, image.width, photo.width, photo.height) };
  }
}

async function shrink(image: RgbImage, edge: number): Promise<RgbImage> {
  if (Math.max(image.width, image.height) <= edge) return image;
  const out = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(edge, edge, { fit: 'inside' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength), width: out.info.width, height: out.info.height, channels: 3 };
}
