import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { analyzePhoto } from '../../../../src/main/engine/media/analyze.js';
import { thumbnailPaths, writeThumbnails } from '../../../../src/main/engine/media/thumbnails.js';
import { data, meanAbsDiff, useTempDirs } from './helpers.js';

const CONTENT_ID = 'ab12cd34ef56';

describe('writeThumbnails', () => {
  const tmp = useTempDirs();

  it('writes a 320 px grid thumbnail and a preview-sized viewer image as JPEG, in a shard folder', async () => {
    const photo = await analyzePhoto(data('hires/lomiri16__Bridge_by_Sander_Klootwijk.jpg'), { mtimeMs: 0 });
    const dir = await tmp();
    const paths = await writeThumbnails(photo.preview, dir, CONTENT_ID);

    expect(paths).toEqual(thumbnailPaths(dir, CONTENT_ID));
    expect(paths.small).toBe(path.join(dir, 'ab', `${CONTENT_ID}-s.jpg`));
    expect(paths.medium).toBe(path.join(dir, 'ab', `${CONTENT_ID}-m.jpg`));

    const small = await sharp(paths.small).metadata();
    const medium = await sharp(paths.medium).metadata();
    expect(small.format).toBe('jpeg');
    expect(medium.format).toBe('jpeg');
    expect(Math.max(small.width, small.height)).toBe(320);
    expect(small.width / small.height).toBeCloseTo(photo.width / photo.height, 1);
    expect([medium.width, medium.height]).toEqual([photo.preview.width, photo.preview.height]);
    expect(Math.max(medium.width, medium.height)).toBe(1280);

    // they show the photo (not a blank or a garbled buffer)
    const fromThumb = await sharp(paths.small).resize(16, 16, { fit: 'fill' }).removeAlpha().raw().toBuffer();
    const fromOriginal = await sharp(data('hires/lomiri16__Bridge_by_Sander_Klootwijk.jpg')).resize(16, 16, { fit: 'fill' }).raw().toBuffer();
    expect(meanAbsDiff(fromThumb, fromOriginal)).toBeLessThan(8);

    // written atomically: no temporary files left behind
    expect((await readdir(path.join(dir, 'ab'))).sort()).toEqual([`${CONTENT_ID}-m.jpg`, `${CONTENT_ID}-s.jpg`]);
  });

  it('does not enlarge a photo smaller than the thumbnail sizes', async () => {
    const photo = await analyzePhoto(data('robustness/pillow-tests/hopper.jpg'), { mtimeMs: 0 });
    const paths = await writeThumbnails(photo.preview, await tmp(), CONTENT_ID);
    const small = await sharp(paths.small).metadata();
    expect([small.width, small.height]).toEqual([photo.width, photo.height]);
  });

  it('replaces existing thumbnails of the same content id', async () => {
    const dir = await tmp();
    const first = await analyzePhoto(data('hires/mate__Aqua.jpg'), { mtimeMs: 0, previewEdge: 400 });
    await writeThumbnails(first.preview, dir, CONTENT_ID);
    const second = await analyzePhoto(data('hires/plasma__Kite.jpg'), { mtimeMs: 0, previewEdge: 600 });
    const paths = await writeThumbnails(second.preview, dir, CONTENT_ID);
    expect((await sharp(paths.medium).metadata()).width).toBe(600);
    expect((await stat(paths.small)).size).toBeGreaterThan(0);
  });

  it('refuses content ids that could escape the thumbnail folder', () => {
    for (const bad of ['../../etc', 'a', '', 'ab/cd', 'ab\\cd', 'ab cd']) {
      expect(() => thumbnailPaths('/thumbs', bad), bad).toThrow(TypeError);
    }
  });
});
