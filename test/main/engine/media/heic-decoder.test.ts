// The HEIC decoder's thread: libheif (WebAssembly) decodes there, off the thread that serves the app, and the thread
// ends when idle, taking the WebAssembly memory (which never shrinks) with it.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HeicDecoder } from '../../../../src/main/engine/media/heic-decoder.js';
import { data } from './helpers.js';

const bytes = () => fs.readFileSync(data('robustness/exif-samples/heic/samplefilehub.heif'));

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
}

describe('the HEIC decoder thread', () => {
  it('decodes photos in flight together, one after another, and ends once none has come for a while', async () => {
    const decoder = new HeicDecoder(100);
    expect(decoder.running).toBe(false);
    const replies = await Promise.all([decoder.decode(bytes(), 1e9), decoder.decode(bytes(), 1e9)]);
    for (const reply of replies) {
      expect(reply.ok).toBe(true);
      if (reply.ok) expect(reply.rgba.length).toBe(reply.width * reply.height * 4);
    }
    expect(decoder.running).toBe(true);
    expect(await until(() => !decoder.running, 10_000)).toBe(true);
    // and starts again for the next one
    expect((await decoder.decode(bytes(), 1e9)).ok).toBe(true);
  });

  it('decodes a HEIC that comes just as the idle thread ends (the ending thread fails none of the new one\'s)', async () => {
    const decoder = new HeicDecoder(50);
    expect((await decoder.decode(bytes(), 1e9)).ok).toBe(true);
    // polled at every turn of the event loop: the next HEIC comes in the turn the idle thread is told to end, before
    // that thread has reported its exit
    while (decoder.running) await new Promise((r) => setImmediate(r));
    expect((await decoder.decode(bytes(), 1e9)).ok).toBe(true);
  });

  it('says why a photo is refused, and goes on with the next', async () => {
    const decoder = new HeicDecoder(100);
    const tooLarge = await decoder.decode(bytes(), 1_000);
    expect(tooLarge).toMatchObject({ ok: false, reason: 'too-large' });
    const broken = await decoder.decode(bytes().subarray(0, 200), 1e9);
    expect(broken.ok).toBe(false);
    expect((await decoder.decode(bytes(), 1e9)).ok).toBe(true);
  });

  it("names libheif's own reason for a container it cannot parse (not a stray line on the terminal)", async () => {
    const decoder = new HeicDecoder(100);
    // a HEIC file cut after its file-type box: no 'meta' box
    const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(4), Buffer.from('mif1heic')]);
    const reply = await decoder.decode(ftyp, 1e9);
    expect(reply).toMatchObject({ ok: false, reason: 'container' });
    if (!reply.ok) expect(reply.detail).toMatch(/Invalid input: .*small|meta/);
  });
});
