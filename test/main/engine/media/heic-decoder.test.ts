// The HEIC decoder's thread: libheif (WebAssembly) decodes there, off the thread that serves the app, shrinks the photo
// to its preview there, and the thread ends when idle, taking the WebAssembly memory (which never shrinks) with it.
import fs from 'node:fs';
import libheif from 'libheif-js/wasm-bundle.js';
import { describe, expect, it } from 'vitest';
import { HeicDecoder } from '../../../../src/main/engine/media/heic-decoder.js';
import { decodePixels } from '../../../../src/main/engine/media/decode.js';
import { data } from './helpers.js';

const bytes = () => fs.readFileSync(data('robustness/exif-samples/heic/samplefilehub.heif'));
const opts = (maxPixels = 1e9) => ({ maxPixels, previewEdge: 1280, label: 'HEIC' });

/** The photo's full-size RGBA from libheif here, in the test's own thread (as heic-decode handed it over before). */
async function fullRgba(file: Buffer): Promise<{ rgba: Buffer; width: number; height: number }> {
  await libheif.ready;
  const decoder = new libheif.HeifDecoder();
  const [image] = decoder.decode(file);
  const decoded = await libheif.heif_js_decode_image2(image.handle, libheif.heif_colorspace.heif_colorspace_RGB, libheif.heif_chroma.heif_chroma_interleaved_RGBA);
  const plane = decoded.channels!.find((c) => c.id === libheif.heif_channel.heif_channel_interleaved)!;
  const rgba = Buffer.alloc(plane.width * plane.height * 4);
  for (let y = 0; y < plane.height; y++) rgba.set(plane.data.subarray(y * plane.stride, y * plane.stride + plane.width * 4), y * plane.width * 4);
  libheif.heif_image_release(decoded.image);
  image.free();
  decoder.decoder?.delete();
  return { rgba, width: plane.width, height: plane.height };
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
}

describe('the HEIC decoder thread', () => {
  it('decodes photos in flight together, one after another, and ends once none has come for a while', async () => {
    const decoder = new HeicDecoder(100);
    expect(decoder.running).toBe(false);
    const replies = await Promise.all([decoder.decode(bytes(), opts()), decoder.decode(bytes(), opts())]);
    for (const reply of replies) {
      expect(reply.ok).toBe(true);
      if (reply.ok) expect(reply.preview.data.length).toBe(reply.preview.width * reply.preview.height * 3);
    }
    expect(decoder.running).toBe(true);
    expect(await until(() => !decoder.running, 10_000)).toBe(true);
    // and starts again for the next one
    expect((await decoder.decode(bytes(), opts())).ok).toBe(true);
  });

  it('hands back the preview, not the full-size pixels: the same preview as from the full RGBA decode', async () => {
    // 2,566 px wide: libheif pads its rows (a stride of 7,712 bytes for 7,698 of RGB), which the thread packs
    const file = fs.readFileSync(data('robustness/exif-samples/heic/IMG_5195.HEIC'));
    const reply = await new HeicDecoder(100).decode(file, opts());
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect([reply.width, reply.height]).toEqual([2566, 3313]);
    expect(Math.max(reply.preview.width, reply.preview.height)).toBe(1280);
    const full = await fullRgba(file);
    const before = await decodePixels(full.rgba, { width: full.width, height: full.height, channels: 4 }, opts());
    expect([reply.preview.width, reply.preview.height]).toEqual([before.preview.width, before.preview.height]);
    expect(Buffer.from(reply.preview.data).equals(Buffer.from(before.preview.data))).toBe(true);
  });

  it('ends its thread as soon as it is idle once a photo grew its WebAssembly memory past the limit', async () => {
    // a large limit: the thread waits for the next HEIC (the idle time here is a minute)
    const keeps = new HeicDecoder(60_000, Number.POSITIVE_INFINITY);
    expect((await keeps.decode(bytes(), opts())).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(keeps.running).toBe(true);
    // past the limit: photos in flight together still share one thread, which ends once they are done
    const ends = new HeicDecoder(60_000, 0);
    const replies = await Promise.all([ends.decode(bytes(), opts()), ends.decode(bytes(), opts())]);
    expect(replies.every((r) => r.ok && r.heapBytes > 0)).toBe(true);
    expect(ends.started).toBe(1);
    expect(await until(() => !ends.running, 10_000)).toBe(true);
    // and the next HEIC starts a fresh one
    expect((await ends.decode(bytes(), opts())).ok).toBe(true);
    expect(ends.started).toBe(2);
  });

  it('decodes a HEIC that comes just as the idle thread ends (the ending thread fails none of the new one\'s)', async () => {
    const decoder = new HeicDecoder(50);
    expect((await decoder.decode(bytes(), opts())).ok).toBe(true);
    // polled at every turn of the event loop: the next HEIC comes in the turn the idle thread is told to end, before
    // that thread has reported its exit
    while (decoder.running) await new Promise((r) => setImmediate(r));
    expect((await decoder.decode(bytes(), opts())).ok).toBe(true);
  });

  it('says why a photo is refused, and goes on with the next', async () => {
    const decoder = new HeicDecoder(100);
    const tooLarge = await decoder.decode(bytes(), opts(1_000));
    expect(tooLarge).toMatchObject({ ok: false, reason: 'too-large' });
    const broken = await decoder.decode(bytes().subarray(0, 200), opts());
    expect(broken.ok).toBe(false);
    expect((await decoder.decode(bytes(), opts())).ok).toBe(true);
  });

  it("names libheif's own reason for a container it cannot parse (not a stray line on the terminal)", async () => {
    const decoder = new HeicDecoder(100);
    // a HEIC file cut after its file-type box: no 'meta' box
    const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(4), Buffer.from('mif1heic')]);
    const reply = await decoder.decode(ftyp, opts());
    expect(reply).toMatchObject({ ok: false, reason: 'container' });
    if (!reply.ok) expect(reply.detail).toMatch(/Invalid input: .*small|meta/);
  });
});
