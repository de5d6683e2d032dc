// Keypoints of a picture as the copy-quality stage finds them, and an off-centre crop of a fixture photo (as users
// crop), for the tests of the local features and of the checks made with them.
import sharp, { type Sharp } from 'sharp';
import { extractLocalFeatures, type LocalFeatures } from '../../src/main/engine/duplicates/local-features.js';

export async function keypointsOf(img: Sharp): Promise<LocalFeatures> {
  const { data, info } = await img.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return extractLocalFeatures(new Uint8Array(data), info.width, info.height, info.channels);
}

/** `keep` of each side of `file`, the slack left of and above the crop `at` of the whole (0..1 each), saved as JPEG. */
export async function cropOf(file: string, keep: number, at: [number, number], quality: number): Promise<Sharp> {
  const m = await sharp(file).metadata();
  const w = Math.round(m.width! * keep);
  const h = Math.round(m.height! * keep);
  const region = { left: Math.round((m.width! - w) * at[0]), top: Math.round((m.height! - h) * at[1]), width: w, height: h };
  return sharp(await sharp(file).extract(region).jpeg({ quality }).toBuffer());
}
