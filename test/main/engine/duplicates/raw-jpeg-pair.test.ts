import { describe, expect, it } from 'vitest';
import { isRawJpegPair, type PairFile } from '../../../../src/main/engine/duplicates/raw-jpeg-pair.js';

const raw = (p: string): PairFile => ({ path: p, format: 'raw' });
const jpeg = (p: string): PairFile => ({ path: p, format: 'jpeg' });

/** The answer must not depend on which of the two is passed first. */
function pair(a: PairFile, b: PairFile): boolean {
  const r = isRawJpegPair(a, b);
  expect(isRawJpegPair(b, a)).toBe(r);
  return r;
}

describe('isRawJpegPair', () => {
  it('pairs a RAW with the JPEG or HEIC the camera wrote beside it', () => {
    expect(pair(raw('/photos/2019/IMG_0001.CR2'), jpeg('/photos/2019/IMG_0001.JPG'))).toBe(true);
    expect(pair(raw('/photos/2019/IMG_0001.DNG'), { path: '/photos/2019/IMG_0001.HEIC', format: 'heic' })).toBe(true);
  });

  it('compares the name before the extension without case', () => {
    expect(pair(raw('/photos/DSC_0042.NEF'), jpeg('/photos/dsc_0042.jpg'))).toBe(true);
    // a name that merely starts the same is another shot
    expect(pair(raw('/photos/DSC_0042.NEF'), jpeg('/photos/DSC_00421.jpg'))).toBe(false);
  });

  it('does not pair files in different folders', () => {
    expect(pair(raw('/photos/2019/IMG_0001.CR2'), jpeg('/photos/2019/export/IMG_0001.jpg'))).toBe(false);
    expect(pair(raw('/card/IMG_0001.CR2'), jpeg('/photos/IMG_0001.jpg'))).toBe(false);
  });

  it('does not pair different stems, two JPEGs, two RAWs, or a RAW with a PNG or unknown format', () => {
    expect(pair(raw('/photos/IMG_0001.CR2'), jpeg('/photos/IMG_0002.JPG'))).toBe(false);
    expect(pair(jpeg('/photos/IMG_0001.jpg'), jpeg('/photos/IMG_0001.jpeg'))).toBe(false);
    expect(pair(raw('/photos/IMG_0001.CR2'), raw('/photos/IMG_0001.DNG'))).toBe(false);
    expect(pair(raw('/photos/IMG_0001.CR2'), { path: '/photos/IMG_0001.png', format: 'png' })).toBe(false);
    expect(pair(raw('/photos/IMG_0001.CR2'), { path: '/photos/IMG_0001.jpg', format: null })).toBe(false);
  });
});
