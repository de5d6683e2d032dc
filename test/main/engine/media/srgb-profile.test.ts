// The decode leaves out a colour profile's conversion only where it changes no colour (media/srgb-profile.ts):
// an sRGB-tagged photo decodes to the same pixels as before, a Display P3 photo is still converted (its colours right).
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeEncoded } from '../../../../src/main/engine/media/decode.js';
import { isSrgbProfile } from '../../../../src/main/engine/media/srgb-profile.js';

/** A small photo-like image (gradients in all three channels, saturated corners) tagged with `profile`. */
async function tagged(profile: 'srgb' | 'p3', format: 'png' | 'jpeg'): Promise<Buffer> {
  const width = 96;
  const height = 64;
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = Math.round((x / (width - 1)) * 255);
      data[i + 1] = Math.round((y / (height - 1)) * 255);
      data[i + 2] = (x * 7 + y * 13) % 256;
    }
  }
  // raw pixels are taken as sRGB: withIccProfile converts them to the profile and embeds it
  const img = sharp(data, { raw: { width, height, channels: 3 } }).withIccProfile(profile);
  return format === 'png' ? img.png().toBuffer() : img.jpeg({ quality: 95 }).toBuffer();
}

const iccOf = async (file: Buffer): Promise<Buffer> => (await sharp(file).metadata()).icc!;
const decode = (file: Buffer) => decodeEncoded(file, { label: 'test', previewEdge: 1280, maxPixels: 1e8 });
/** the decode as it was: the embedded profile always converted */
async function convertedAlways(file: Buffer): Promise<Buffer> {
  return sharp(file, { autoOrient: false }).flatten({ background: '#ffffff' }).toColourspace('srgb').removeAlpha().raw().toBuffer();
}

describe('colour profiles that change nothing', () => {
  it('an sRGB profile is found to change no colour, and the decode gives the very pixels the conversion gave', async () => {
    for (const format of ['png', 'jpeg'] as const) {
      const file = await tagged('srgb', format);
      expect(await isSrgbProfile(await iccOf(file))).toBe(true);
      const decoded = await decode(file);
      expect(Buffer.from(decoded.preview.data).equals(await convertedAlways(file))).toBe(true);
    }
  });

  it('a Display P3 profile is converted as before: its colours are not taken for sRGB', async () => {
    const file = await tagged('p3', 'png');
    expect(await isSrgbProfile(await iccOf(file))).toBe(false);
    const decoded = Buffer.from((await decode(file)).preview.data);
    expect(decoded.equals(await convertedAlways(file))).toBe(true);
    // and the conversion matters: read without it, the colours would be off
    const unconverted = await sharp(file, { ignoreIcc: true }).toColourspace('srgb').removeAlpha().raw().toBuffer();
    expect(decoded.equals(unconverted)).toBe(false);
  });
});
