// From the recogniser's raw lines to what Loupe keeps: boxes in pixels of the photo as displayed, and no noise.
import type { TextLineResult } from '../inference/protocol.js';
import type { StoredTextLine } from './text-repository.js';
import { hasCjk, normalizeText } from './text-normalize.js';

/**
 * Lines read with less mean character confidence are dropped: PaddleOCR's own drop_score. On ocr-dev
 * (bench/text-ocrdev.ts) what lies below it is mostly textures and blur read as letters.
 */
export const MIN_LINE_CONFIDENCE = 0.5;

/**
 * Whether a line read in one of the quick look's coarse boxes shows that the photo holds text worth reading at full
 * detail: any letter, digit or Chinese character read with the confidence a kept line needs. A single character
 * counts here (the look's box may cut a word; reading at full detail finds the rest), a blank or unsure read does
 * not: that is what textures the detector mistakes for text give (the best reads in such boxes on kphotoalbum's
 * everyday photos and a cloud pattern: 0.09-0.33; docs/text.md).
 */
export function confirmsText(text: string, confidence: number): boolean {
  return confidence >= MIN_LINE_CONFIDENCE && normalizeText(text).length > 0;
}

/** A line's text height (the short side of its box) below this many pixels of the read image is not trusted. */
export const MIN_LINE_HEIGHT_PX = 8;

/**
 * The lines worth keeping, mapped from the read image (`imageWidth` wide) to the displayed photo
 * (`displayWidth` x `displayHeight`): confident, tall enough, and holding a word (a lone Latin letter or digit is
 * almost always a texture; a lone Chinese character is a word).
 */
export function keptLines(
  lines: readonly TextLineResult[],
  imageWidth: number,
  displayWidth: number,
  displayHeight: number,
): StoredTextLine[] {
  const scale = displayWidth / imageWidth;
  const out: StoredTextLine[] = [];
  for (const line of lines) {
    const text = line.text.trim();
    if (line.confidence < MIN_LINE_CONFIDENCE) continue;
    const norm = normalizeText(text);
    if (norm.length === 0 || (norm.length === 1 && !hasCjk(norm))) continue;
    if (shortSide(line.quad) < MIN_LINE_HEIGHT_PX) continue;
    const xs = line.quad.map((p) => p[0] * scale);
    const ys = line.quad.map((p) => p[1] * scale);
    const x0 = clamp(Math.floor(Math.min(...xs)), 0, displayWidth);
    const y0 = clamp(Math.floor(Math.min(...ys)), 0, displayHeight);
    const x1 = clamp(Math.ceil(Math.max(...xs)), 0, displayWidth);
    const y1 = clamp(Math.ceil(Math.max(...ys)), 0, displayHeight);
    out.push({ text, box: [x0, y0, x1 - x0, y1 - y0], confidence: Math.round(line.confidence * 1000) / 1000 });
  }
  return joinWordsOfALine(out);
}

/**
 * The detector often boxes the words of one line apart ("CORNER", "BAKERY"): boxes side by side on the same
 * line, of the same height, less than a character apart, are one line again (joined with a space, none
 * between Chinese characters), so the viewer shows and copies it as written.
 */
export function joinWordsOfALine(lines: readonly StoredTextLine[]): StoredTextLine[] {
  const out: StoredTextLine[] = [];
  const used = new Set<number>();
  const byX = lines.map((_, i) => i).sort((a, b) => lines[a].box[0] - lines[b].box[0]);
  for (const i of lines.map((_, k) => k)) {
    if (used.has(i)) continue;
    used.add(i);
    let cur = lines[i];
    for (;;) {
      const next = byX.find((j) => !used.has(j) && sameLineNext(cur, lines[j]));
      if (next === undefined) break;
      used.add(next);
      cur = merge(cur, lines[next]);
    }
    out.push(cur);
  }
  return out;
}

function sameLineNext(a: StoredTextLine, b: StoredTextLine): boolean {
  const [ax, ay, aw, ah] = a.box;
  const [bx, by, bw, bh] = b.box;
  // Tall boxes are vertical lines (a photo turned sideways, vertical Chinese): side by side they are separate lines.
  if (aw < 0.7 * ah || bw < 0.7 * bh) return false;
  const h = Math.min(ah, bh);
  if (Math.max(ah, bh) > 1.5 * h) return false;
  if (Math.abs(ay + ah / 2 - (by + bh / 2)) > 0.3 * h) return false;
  const gap = bx - (ax + aw);
  return gap > -0.3 * h && gap < 1.2 * h;
}

function merge(a: StoredTextLine, b: StoredTextLine): StoredTextLine {
  const x0 = Math.min(a.box[0], b.box[0]);
  const y0 = Math.min(a.box[1], b.box[1]);
  const x1 = Math.max(a.box[0] + a.box[2], b.box[0] + b.box[2]);
  const y1 = Math.max(a.box[1] + a.box[3], b.box[1] + b.box[3]);
  const cjkJoin = hasCjk(a.text.slice(-1)) && hasCjk(b.text.slice(0, 1));
  const n = a.text.length + b.text.length;
  return {
    text: a.text + (cjkJoin ? '' : ' ') + b.text,
    box: [x0, y0, x1 - x0, y1 - y0],
    confidence: Math.round(((a.confidence * a.text.length + b.confidence * b.text.length) / n) * 1000) / 1000,
  };
}

function shortSide(quad: readonly [number, number][]): number {
  const d = (a: [number, number], b: [number, number]) => Math.hypot(a[0] - b[0], a[1] - b[1]);
  return Math.min(Math.max(d(quad[0], quad[1]), d(quad[3], quad[2])), Math.max(d(quad[0], quad[3]), d(quad[1], quad[2])));
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
