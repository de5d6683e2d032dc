// A JPEG cut short is known by its bytes, whatever message the decoder gave (media/jpeg-end.ts).
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { jpegEndsEarly } from '../../../../src/main/engine/media/jpeg-end.js';
import { testPhoto } from '../../../helpers/fixtures.js';

describe('jpegEndsEarly', () => {
  it('tells a cut baseline or progressive JPEG from a whole one, a thumbnail\'s end marker and a trailer notwithstanding', async () => {
    const source = sharp(testPhoto('hires/mate__GreenMeadow.jpg')).resize(800);
    for (const whole of [await source.clone().jpeg({ quality: 90 }).toBuffer(), await source.clone().jpeg({ quality: 90, progressive: true }).toBuffer()]) {
      expect(jpegEndsEarly(whole)).toBe(false);
      // a phone's trailer after the end marker
      expect(jpegEndsEarly(Buffer.concat([whole, Buffer.from('SEFH trailer data of a phone')]))).toBe(false);
      for (const share of [0.003, 0.3, 0.85, 0.999]) expect(jpegEndsEarly(whole.subarray(0, Math.floor(whole.length * share))), `cut at ${share}`).toBe(true);
      // an APP1 segment holding a whole small JPEG (as an EXIF thumbnail does), the main picture cut before its scan
      const thumb = await sharp(testPhoto('hires/mate__GreenMeadow.jpg')).resize(64).jpeg().toBuffer();
      const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, ((thumb.length + 2) >> 8) & 0xff, (thumb.length + 2) & 0xff]), thumb]);
      const withThumb = Buffer.concat([whole.subarray(0, 2), app1, whole.subarray(2)]);
      expect(jpegEndsEarly(withThumb)).toBe(false);
      expect(jpegEndsEarly(withThumb.subarray(0, 2 + app1.length + 40))).toBe(true);
    }
    // not a JPEG at all
    expect(jpegEndsEarly(await source.clone().png().toBuffer())).toBe(false);
  });
});
