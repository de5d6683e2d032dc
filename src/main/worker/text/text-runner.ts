import fs from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';
import sharp from 'sharp';
import type { TextConfirmResult, TextLineResult, TextLookResult } from '../../engine/inference/protocol.js';
import { reshapeRgb, type RgbImage } from '../../engine/media/rgb-image.js';
import { DEFAULT_DB_PARAMS, findTextQuads, peakProbability, peakRegionBox, type DbParams, type ProbabilityMap, type TextQuad } from '../../engine/text/db-boxes.js';
import { cropLine, LINE_HEIGHT, linesToTensor, readsTurned, rotate180, type LineImage } from '../../engine/text/line-crop.js';
import { ctcDecode, parseDictionary } from '../../engine/text/ctc-decode.js';
import { LOOK_EDGE, TEXT_MODEL_FILES } from '../../engine/text/text-models.js';
import { confirmsText } from '../../engine/text/text-lines.js';
import { hasCjk, normalizeText } from '../../engine/text/text-normalize.js';
import { halfTurnQuad, TEXT_TURNS, unturnQuad, type TextTurn } from '../../engine/text/text-turn.js';
import { openSession } from '../sessions.js';

/**
 * The quick look sees text where the detector is more sure than not of it anywhere: it only decides whether
 * reading (at full detail, with PaddleOCR's own box thresholds) is worth it. Photos without text mostly stay far
 * below (at 480 px, the largest value on the 25 hires and 16 everyday photos without text: 0.00; at 512 one cloud
 * pattern reaches 1.0, with a whole box too); small street text often stays below a whole box at the look's size
 * (at 480, 3 of ocr-dev's 100 street scenes: peaks 0.64-0.97 with no box kept).
 */
const LOOK_TEXT_PROBABILITY = 0.5;
/**
 * Threads of the quick look's detector on the CPU. The look runs on every photo, mostly without text: on one thread
 * it costs ~10% less CPU than on two (bench/text-cost.ts; on a small input threads mostly wait on each other).
 */
export const LOOK_THREADS = 1;
/**
 * Threads of the reading models (the reading detector, the orientation classifier, the recogniser) on the CPU, at
 * most: on one thread a reading costs ~16% less CPU than on two, with the same lines to the bit (16 of 16 readings of
 * receipts, street scenes and Caltech photos, a script not kept, load ~4.6). The model process serves one request at
 * a time, and in indexing the other core decodes and measures the photos in flight meanwhile.
 */
export const READ_THREADS = 1;
/**
 * The look's candidate boxes, besides PaddleOCR's own thresholds: at the look's size a small line's region is often
 * too weak or too thin for a whole box, so candidates are also taken from weaker regions (mean 0.3), however thin,
 * and grown more (more context for the recogniser: the look's map is coarse).
 */
const CANDIDATE_PARAMS: DbParams = { ...DEFAULT_DB_PARAMS, boxThreshold: 0.3, minSize: 1, unclipRatio: 2 };
/** At most this many candidates travel back from the look (a receipt has dozens; the first confirm it). */
const MAX_CANDIDATES = 48;
/** Lines read at once by the recogniser (one ONNX run). */
const REC_BATCH = 8;
/** The orientation classifier's input width, and how sure it must be to turn a line (PaddleOCR's cls_thresh). */
const CLS_WIDTH = 192;
const CLS_THRESHOLD = 0.9;
/** Widest line the recogniser gets (40 line-heights); wider ones are squeezed. */
const MAX_LINE_WIDTH = LINE_HEIGHT * 40;
/** The look's most certain boxes read for each turn of the photo when choosing its turn (`turnOf`). */
const TURN_LINES = 4;
/**
 * A photo is read turned only when its lines read at least this many times better turned than as displayed, and
 * hold this many confident characters' worth (`turnScore`): the photo as displayed wins a doubt (vertical Chinese
 * columns read the same sideways as a sideways photo's lines; upside-down Latin sometimes reads as letters).
 */
const TURN_MARGIN = 2;
const MIN_TURN_SCORE = 4;

/** A model opened on its first use (and again after a failed opening), so a process that never needs it pays nothing. */
class LazySession {
  private opening: Promise<ort.InferenceSession> | null;

  constructor(private readonly open: () => Promise<ort.InferenceSession>, ready?: ort.InferenceSession) {
    this.opening = ready ? Promise.resolve(ready) : null;
  }

  get loaded(): boolean {
    return this.opening !== null;
  }

  session(): Promise<ort.InferenceSession> {
    this.opening ??= this.open().catch((err: unknown) => {
      this.opening = null;
      throw err;
    });
    return this.opening;
  }

  /** the session if it was opened (null otherwise); forgotten, so a later use opens it again */
  async take(): Promise<ort.InferenceSession | null> {
    const opening = this.opening;
    this.opening = null;
    return opening ? opening.catch(() => null) : null;
  }
}

/**
 * Reads text in photos with the PP-OCR models: detection (DB), line orientation, recognition (CTC). Lives in the
 * model process; loaded on the first text request, so libraries that never index text pay nothing. Only the look's
 * detector is opened then: the recogniser on the first photo the look passes (the confirmation), the reading
 * detector and the line orientation classifier on the first photo read (or a confirmation that needs the classifier). Most photos have no text, and opening those three costs ~150-200 ms of CPU
 * (bench/text-cost.ts), so an indexing run whose photos hold none (the 25 hires photos) does not pay it.
 */
export class TextRunner {
  private constructor(
    private readonly detector: LazySession,
    /** the detector for the quick look: LOOK_THREADS on the CPU; on a GPU the reading detector is the same session */
    private readonly lookDetector: ort.InferenceSession,
    private readonly recogniser: LazySession,
    private readonly orientation: LazySession,
    /** the recogniser's characters (read with the recogniser) */
    private readonly dictionary: () => Promise<string[]>,
  ) {}

  /** `lookThreads`: the look's threads on the CPU (benchmarks try others) */
  static async create(dir: string, candidates: readonly string[], threads: number, lookThreads = LOOK_THREADS): Promise<TextRunner> {
    const file = (name: string) => path.join(dir, name);
    // A missing model fails here, on the first text request, as when every model was opened at once (not only on
    // the first photo with text).
    for (const name of Object.values(TEXT_MODEL_FILES)) {
      if (!fs.existsSync(file(name))) throw new Error(`the text model ${file(name)} is missing`);
    }
    // Every model keeps onnxruntime's memory arena, the reading detector too, although it runs on photos of many
    // sizes at up to 1,280 px and its arena keeps the largest one's buffers (~220 MB) while the text models are
    // loaded: without an arena, the same buffers were freed to the C allocator, which did not give them back to
    // the system either, and the model process grew further with every reading (80 Caltech face photos, 19 read:
    // 909 -> 642 MiB at its peak with the arena; a 1,280 x 960 detection ~25% less CPU). docs/text.md "Memory".
    const probe = (dims: number[]) => () => ({ x: new ort.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b)), dims) });
    const openDetector = async (on: readonly string[], n: number) =>
      openSession(file(TEXT_MODEL_FILES.detector), on, n, probe([1, 3, 64, 64]));
    // The look's detector decides the provider (with 'auto', a GPU first where one works: then it runs the reading
    // too); on the CPU the reading detector is a session of its own, opened at the first reading.
    const look = await openDetector(candidates, lookThreads);
    const detector = look.provider === 'cpu'
      ? new LazySession(async () => (await openDetector(['cpu'], threads)).session)
      : new LazySession(async () => (await openDetector(candidates, threads)).session, look.session);
    let characters: Promise<string[]> | null = null;
    const dictionary = () => (characters ??= fs.promises.readFile(file(TEXT_MODEL_FILES.dictionary), 'utf8').then(parseDictionary));
    // The line models run on many small, differently sized inputs: the CPU does that best.
    const recogniser = new LazySession(async () => {
      const rec = (await openSession(file(TEXT_MODEL_FILES.recogniser), ['cpu'], threads, probe([1, 3, LINE_HEIGHT, 96]))).session;
      const classes = rec.outputMetadata[0];
      const characters = (await dictionary()).length;
      if (classes.isTensor && typeof classes.shape.at(-1) === 'number' && classes.shape.at(-1) !== characters + 1) {
        await rec.release().catch(() => undefined);
        throw new Error(`${TEXT_MODEL_FILES.dictionary} has ${characters} characters, the recogniser expects ${Number(classes.shape.at(-1)) - 1}`);
      }
      return rec;
    });
    const orientation = new LazySession(async () =>
      (await openSession(file(TEXT_MODEL_FILES.orientation), ['cpu'], threads, probe([1, 3, LINE_HEIGHT, CLS_WIDTH]))).session);
    return new TextRunner(detector, look.session, recogniser, orientation, dictionary);
  }

  /** The models opened so far (the look's detector always; the others on first use). */
  get loaded(): string[] {
    return ['look', ...(['detector', 'recogniser', 'orientation'] as const).filter((m) => this[m].loaded)];
  }

  /** The detector on a small copy of the photo (LOOK_EDGE px, the engine shrinks it): is there text worth reading? */
  async look(image: RgbImage): Promise<TextLookResult> {
    const map = await this.detect(this.lookDetector, image, Math.min(Math.max(image.width, image.height), 2 * LOOK_EDGE));
    const peak = peakProbability(map);
    const hasText = peak >= LOOK_TEXT_PROBABILITY;
    return { hasText, peak, candidates: hasText ? lookCandidates(map) : [] };
  }

  /**
   * Whether the recogniser reads a character (confidently, `confirmsText`) in one of the look's candidate boxes
   * (corners in fractions of the image), cut from `image`: a larger copy of what the look saw. Textures the
   * detector mistakes for text (clouds, foliage, patterned cloth) read as nothing here, so they are not read at
   * full detail (~0.6 s each). Candidates go most certain first, in batches of 1, 2, 4, then 8 (`confirmBatches`),
   * stopping at the first read: where there is text the most certain box mostly reads alone.
   */
  async confirm(image: RgbImage, candidates: readonly (readonly [number, number])[][]): Promise<TextConfirmResult> {
    if (candidates.length === 0) return { confirmed: false, text: null, turn: 0 };
    const upright = await this.readsUpright(image, candidates[0]);
    if (upright !== null) return { confirmed: true, text: upright, turn: 0 };
    const turned = await this.turnOf(image, candidates);
    if (turned.turn !== 0) return { confirmed: true, text: turned.text, turn: turned.turn };
    for (const [start, end] of confirmBatches(candidates.length)) {
      const lines = candidates.slice(start, end)
        .map((quad) => cropLine(image, quad.map(([x, y]) => [x * image.width, y * image.height] as [number, number]), MAX_LINE_WIDTH));
      const read = await this.recognise(await this.uprightLines(lines));
      const hit = read.find((r) => confirmsText(r.text, r.confidence));
      if (hit) return { confirmed: true, text: hit.text, turn: 0 };
    }
    return { confirmed: false, text: null, turn: 0 };
  }

  /**
   * What the look's most certain box reads where it plainly reads upright (null otherwise): a line across the photo
   * that reads as it stands, by the rule of `turnOf`, better than the other way up. Most photos with text are upright,
   * and this is all most of them pay for their turn: two reads instead of a second look and 16 lines (CPU per photo
   * with text, against no turn at all: +217 to +482 ms with every photo through `turnOf`, +88 to +109 ms on street
   * scenes and receipts with this first; docs/text.md).
   */
  private async readsUpright(image: RgbImage, candidate: readonly (readonly [number, number])[]): Promise<string | null> {
    const quad = candidate.map(([x, y]) => [x * image.width, y * image.height] as [number, number]);
    if (readsTurned(quad)) return null;
    const [asIs, halfTurned] = await this.recognise([cropLine(image, quad, MAX_LINE_WIDTH), cropLine(image, halfTurnQuad(quad), MAX_LINE_WIDTH)]);
    const score = turnScore(asIs.text, asIs.confidence);
    return score >= MIN_TURN_SCORE && score >= TURN_MARGIN * turnScore(halfTurned.text, halfTurned.confidence) ? asIs.text : null;
  }

  /**
   * The turn that makes the photo's text upright, for a photo the look saw text in (a photo turned in its pixels,
   * no EXIF orientation to say so). The detector finds upright and upside-down lines alike but little of sideways
   * street text, so it looks again at the photo turned a quarter (`turnedCandidates`); then the recogniser reads the
   * most certain boxes of each look both ways up (TURN_LINES each, without the line orientation classifier), and the
   * turn whose lines read best wins, by TURN_MARGIN over the photo as displayed. `scores`: each turn's (benchmarks).
   */
  async turnOf(image: RgbImage, candidates: readonly (readonly [number, number])[][]): Promise<{ turn: TextTurn; text: string | null; scores: Record<TextTurn, number> }> {
    const upright = candidates.slice(0, TURN_LINES).map((q) => q.map(([x, y]) => [x, y] as [number, number]));
    const quarter = (await this.turnedCandidates(image)).slice(0, TURN_LINES);
    // Each box read as cut (a tall one turned a quarter counter-clockwise by cropLine) and the other way up speaks
    // for the turn of the photo at which it reads as a line left to right.
    const reads = [...upright.map((quad) => ({ quad, look: 0 })), ...quarter.map((quad) => ({ quad, look: 90 }))].flatMap(({ quad, look }) => {
      const turn = (look + (readsTurned(quad) ? 270 : 0)) % 360;
      return [{ quad, turn: turn as TextTurn }, { quad: halfTurnQuad(quad), turn: ((turn + 180) % 360) as TextTurn }];
    });
    const read = await this.recognise(reads.map(({ quad }) =>
      cropLine(image, quad.map(([x, y]) => [x * image.width, y * image.height] as [number, number]), MAX_LINE_WIDTH)));
    const scores: Record<TextTurn, number> = { 0: 0, 90: 0, 180: 0, 270: 0 };
    const text: Record<TextTurn, string | null> = { 0: null, 90: null, 180: null, 270: null };
    reads.forEach(({ turn }, i) => {
      scores[turn] += turnScore(read[i].text, read[i].confidence, turn === 90 || turn === 270);
      if (text[turn] === null && confirmsText(read[i].text, read[i].confidence)) text[turn] = read[i].text;
    });
    const best = TEXT_TURNS.reduce((a, b) => (scores[b] > scores[a] ? b : a));
    const turn = best !== 0 && scores[best] >= MIN_TURN_SCORE && scores[best] >= TURN_MARGIN * scores[0] ? best : 0;
    return { turn, text: text[turn], scores };
  }

  /**
   * The look's candidates on the photo turned a quarter clockwise, as boxes of the photo as displayed whose corners
   * read along the turned photo's lines. Only for photos the look saw text in: one more look (~40 ms of CPU).
   */
  private async turnedCandidates(image: RgbImage): Promise<[number, number][][]> {
    const turned = await reshapeRgb(image, (s) => s.rotate(90).resize(LOOK_EDGE, LOOK_EDGE, { fit: 'inside', withoutEnlargement: true }));
    const look = await this.look(turned);
    return look.candidates.map((q) => unturnQuad(q, 90, 1, 1));
  }

  /** Every line of text in `image`, read; boxes in its pixels. */
  async read(image: RgbImage, detectEdge: number): Promise<TextLineResult[]> {
    const map = await this.detect(await this.detector.session(), image, detectEdge);
    const quads: TextQuad[] = findTextQuads(map, image.width, image.height);
    if (quads.length === 0) return [];
    const lines = quads.map((q) => cropLine(image, q.points, MAX_LINE_WIDTH));
    const upright = await this.uprightLines(lines);
    const decoded = await this.recognise(upright);
    return quads.map((q, i) => ({ text: decoded[i].text, confidence: decoded[i].confidence, quad: q.points.map(([x, y]) => [x, y]) }));
  }

  async release(): Promise<void> {
    const opened = await Promise.all([this.detector.take(), this.recogniser.take(), this.orientation.take()]);
    for (const s of new Set([this.lookDetector, ...opened])) await s?.release().catch(() => undefined);
  }

  /**
   * The detector's text probability map for `image` scaled to `edge` on its long side (multiples of 32). Small
   * images are enlarged up to twice: the detector marks text of ~10 px too thin to read, not too small to see.
   */
  private async detect(detector: ort.InferenceSession, image: RgbImage, edge: number) {
    const [w, h] = detectorInputSize(image.width, image.height, edge);
    const rgb = w === image.width && h === image.height
      ? image.data
      : await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).resize(w, h, { fit: 'fill' }).raw().toBuffer();
    const out = await detector.run({ x: new ort.Tensor('float32', detectorInput(rgb, w, h), [1, 3, h, w]) });
    const map = out[detector.outputNames[0]];
    return { data: map.data as Float32Array, width: map.dims[3], height: map.dims[2] };
  }

  /** Lines the classifier finds upside down (with confidence), turned upright. */
  private async uprightLines(lines: LineImage[]): Promise<LineImage[]> {
    const out = [...lines];
    for (let start = 0; start < lines.length; start += REC_BATCH * 4) {
      const batch = lines.slice(start, start + REC_BATCH * 4);
      const tensor = new ort.Tensor('float32', linesToTensor(batch, CLS_WIDTH), [batch.length, 3, LINE_HEIGHT, CLS_WIDTH]);
      const orientation = await this.orientation.session();
      const result = await orientation.run({ x: tensor });
      const probs = result[orientation.outputNames[0]].data as Float32Array;
      batch.forEach((line, i) => {
        if (probs[i * 2 + 1] > CLS_THRESHOLD) out[start + i] = rotate180(line);
      });
    }
    return out;
  }

  /** Text of each line; lines of similar width share a batch, so little padding is computed. */
  private async recognise(lines: LineImage[]): Promise<{ text: string; confidence: number }[]> {
    const recogniser = await this.recogniser.session();
    const dictionary = await this.dictionary();
    const order = lines.map((_, i) => i).sort((a, b) => lines[a].width - lines[b].width);
    const results: { text: string; confidence: number }[] = new Array(lines.length);
    for (let start = 0; start < order.length; start += REC_BATCH) {
      const ids = order.slice(start, start + REC_BATCH);
      const batch = ids.map((i) => lines[i]);
      const width = Math.max(...batch.map((l) => l.width));
      const tensor = new ort.Tensor('float32', linesToTensor(batch, width), [batch.length, 3, LINE_HEIGHT, width]);
      const out = (await recogniser.run({ x: tensor }))[recogniser.outputNames[0]];
      ids.forEach((lineIndex, k) => {
        results[lineIndex] = ctcDecode(out.data as Float32Array, out.dims, k, dictionary);
      });
    }
    return results;
  }
}

/**
 * The look's candidate boxes, corners in fractions of the image: PaddleOCR's boxes and the weaker ones
 * (CANDIDATE_PARAMS), most certain first. A look that sees text always hands over something to read: where no region
 * makes a box (one row of pixels, a few pixels: 4 of 366 photos of the evaluation folders, one a street scene with
 * 5 words), the region around the peak does (`peakRegionBox`); the recogniser still decides.
 */
export function lookCandidates(map: ProbabilityMap): [number, number][][] {
  const quads = [...findTextQuads(map, 1, 1, DEFAULT_DB_PARAMS), ...findTextQuads(map, 1, 1, CANDIDATE_PARAMS)];
  const peak = quads.length === 0 ? peakRegionBox(map, 1, 1, CANDIDATE_PARAMS) : null;
  if (peak) quads.push(peak);
  return quads.sort((a, b) => b.score - a.score).slice(0, MAX_CANDIDATES).map((q) => q.points.map(([x, y]) => [x, y] as [number, number]));
}

/**
 * How well a line read in one of the look's boxes speaks for the turn it was read at: its confident characters,
 * weighted by the confidence (0 for a line the confirmation would not take). For a quarter turn (`quarter`), Chinese
 * characters do not count: a line of them running down the photo as displayed is as likely a signboard written top
 * to bottom (the recogniser reads such a column turned, as PaddleOCR cuts it, with full confidence) as a sideways
 * photo's line, and reading it either way gives the same text; Latin letters and digits are not written in columns
 * turned on their side.
 */
export function turnScore(text: string, confidence: number, quarter = false): number {
  if (!confirmsText(text, confidence)) return 0;
  const chars = [...normalizeText(text)];
  return (quarter ? chars.filter((c) => !hasCjk(c)).length : chars.length) * confidence;
}

/**
 * The confirmation's batches of candidates, [start, end) in the order given: 1, 2, 4, then REC_BATCH at a time. A batch
 * is one recogniser run padded to its widest line, and the recogniser's cost follows the padded width: where there is
 * text, the most certain box mostly reads alone (8 at a time, a confirmation read 8 lines for one: on the 164 photos
 * of ocr-dev, kphotoalbum, hires and 300 Caltech photos that the look passes, 120 -> 23 ms of CPU per confirmation
 * (a script not kept, load 5-7), the same decision on all but 2 Caltech photos: a barrel now confirmed by a `金`, a
 * camera's `6` no longer read; docs/text.md). Where none reads (a texture), every box is read as before.
 */
export function confirmBatches(count: number): [number, number][] {
  const out: [number, number][] = [];
  for (let start = 0, size = 1; start < count; start += size, size = Math.min(REC_BATCH, size * 2)) out.push([start, Math.min(count, start + size)]);
  return out;
}

/** The detector's input size for an image of `width` x `height` looked at `edge` px on its long side: multiples of 32. */
export function detectorInputSize(width: number, height: number, edge: number): [number, number] {
  const scale = Math.min(2, edge / Math.max(width, height));
  return [Math.max(32, Math.round((width * scale) / 32) * 32), Math.max(32, Math.round((height * scale) / 32) * 32)];
}

/** [1, 3, h, w] BGR planes normalised with ImageNet's mean and std in BGR order, as PaddleOCR's DB detector takes. */
function detectorInput(rgb: Uint8Array, w: number, h: number): Float32Array {
  const plane = w * h;
  const out = new Float32Array(3 * plane);
  // PaddleOCR applies mean [0.485, 0.456, 0.406] and std [0.229, 0.224, 0.225] to the BGR image as it is.
  const mean = [0.485, 0.456, 0.406];
  const std = [0.229, 0.224, 0.225];
  for (let i = 0; i < plane; i++) {
    const r = rgb[i * 3], g = rgb[i * 3 + 1], b = rgb[i * 3 + 2];
    out[i] = (b / 255 - mean[0]) / std[0];
    out[plane + i] = (g / 255 - mean[1]) / std[1];
    out[2 * plane + i] = (r / 255 - mean[2]) / std[2];
  }
  return out;
}
