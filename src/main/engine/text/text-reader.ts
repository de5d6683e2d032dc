import type { TextConfirmResult, TextLineResult, TextLookResult } from '../inference/protocol.js';
import { reshapeRgb, type RgbImage } from '../media/rgb-image.js';
import { analyzePhoto } from '../media/index.js';
import { keptLines } from './text-lines.js';
import type { StoredTextLine } from './text-repository.js';
import { CONFIRM_EDGE, LOOK_EDGE, READ_DETECT_EDGE, READ_IMAGE_EDGE } from './text-models.js';
import { unturnBox, type TextTurn } from './text-turn.js';

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
   * Whether the photo is worth reading at full detail, and turned how: the quick look at `preview` sees text, and the
   * recogniser reads something in one of the look's boxes, cut from `detail()` (the photo at CONFIRM_EDGE px; only
   * decoded when the look sees text), at the turn that makes the text upright (a photo turned in its pixels).
   * null: not worth reading. `checked` reports each step's outcome (for timings).
   */
  async worthReading(
    preview: RgbImage, detail: () => Promise<RgbImage>, checked: (step: 'look' | 'confirm') => void = () => {}, signal?: AbortSignal,
  ): Promise<TextTurn | null> {
    const look = await this.look(preview, signal);
    checked('look');
    if (!look.hasText) return null;
    const confirm = await this.models.textConfirm(await detail(), look.candidates, signal);
    checked('confirm');
    return confirm.confirmed ? confirm.turn : null;
  }

  /**
   * Every line worth keeping in the photo at `file`, its boxes in pixels of the photo as displayed. With
   * `look`, only when the photo is worth reading (the quick look and its confirmation, what indexing stores;
   * otherwise no lines). `turn`: the turn `worthReading` chose; without it (nor `look`) the look's evidence chooses
   * one where it sees text.
   */
  async read(file: string, mtimeMs: number, opts: { look?: boolean; turn?: TextTurn; signal?: AbortSignal } = {}): Promise<PhotoText> {
    const photo = await analyzePhoto(file, { mtimeMs, previewEdge: READ_IMAGE_EDGE });
    const image = photo.preview;
    const detail = () => shrink(image, CONFIRM_EDGE);
    const turn = opts.look ? await this.worthReading(image, detail, undefined, opts.signal)
      : opts.turn ?? await this.turnOf(image, detail, opts.signal);
    if (turn === null) return { width: photo.width, height: photo.height, lines: [] };
    const upright = await turned(image, turn);
    const read = await this.models.textRead(upright, READ_DETECT_EDGE, opts.signal);
    // Kept (and a line's words joined) as the text reads, upright; then put back where the photo as displayed has them.
    const [width, height] = turn === 90 || turn === 270 ? [photo.height, photo.width] : [photo.width, photo.height];
    const lines = keptLines(read, upright.width, width, height).map((l) => ({ ...l, box: unturnBox(l.box, turn, photo.width, photo.height) }));
    return { width: photo.width, height: photo.height, lines };
  }

  /** The turn the look's evidence gives a photo read whatever the look says (0 where it sees no text). */
  private async turnOf(image: RgbImage, detail: () => Promise<RgbImage>, signal?: AbortSignal): Promise<TextTurn> {
    const look = await this.look(image, signal);
    return look.hasText ? (await this.models.textConfirm(await detail(), look.candidates, signal)).turn : 0;
  }
}

/** `image` turned `turn` degrees clockwise. */
async function turned(image: RgbImage, turn: TextTurn): Promise<RgbImage> {
  return turn === 0 ? image : reshapeRgb(image, (s) => s.rotate(turn));
}

async function shrink(image: RgbImage, edge: number): Promise<RgbImage> {
  if (Math.max(image.width, image.height) <= edge) return image;
  return reshapeRgb(image, (s) => s.resize(edge, edge, { fit: 'inside' }));
}
