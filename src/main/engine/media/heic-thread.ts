// The HEIC decoder's thread (started by heic-decoder.ts, bundled as dist/heic-thread.js): libheif compiled to
// WebAssembly decodes here, off the thread that serves the app, and the memory it grew goes with the thread.
import { parentPort } from 'node:worker_threads';
import type decodeHeicModule from 'heic-decode';
import { decoderDetail } from './errors.js';
import type { HeicReply, HeicRequest } from './heic-decoder.js';

async function decode(request: HeicRequest): Promise<HeicReply> {
  const { id, bytes, maxPixels } = request;
  const decodeHeic: typeof decodeHeicModule = (await import('heic-decode')).default;
  let images: Awaited<ReturnType<typeof decodeHeic.all>>;
  // libheif-js also logs why a container cannot be parsed ("No 'meta' box"): that line went to the terminal of
  // `loupe index` beside the progress, without the file's name (trial 17). Caught here, it becomes the reason.
  const parseSaid: string[] = [];
  try {
    // Parses the container only; no pixel is decoded until image.decode().
    images = await collectingLog(parseSaid, () => decodeHeic.all({ buffer: bytes }));
  } catch (err) {
    const detail = decoderDetail(err);
    return { id, ok: false, reason: 'container', detail: parseSaid.length ? `${parseSaid.join('; ')}: ${detail}` : detail };
  }
  try {
    // The first top-level image is the primary one in files from phones and cameras (heic-decode's own
    // choice too); the others are bursts or derived images.
    const image = images[0];
    if (!image) return { id, ok: false, reason: 'no-image', detail: '' };
    // libheif reports the size after the file's rotation (irot), which is also how it decodes.
    const { width, height } = image;
    if (width * height > maxPixels) return { id, ok: false, reason: 'too-large', detail: '', width, height };
    // libheif-js reports decode failures with console.log: catch those lines for the error message.
    const said: string[] = [];
    let rgba: Uint8ClampedArray;
    try {
      rgba = (await collectingLog(said, () => image.decode())).data;
    } catch (err) {
      return { id, ok: false, reason: 'decode', detail: said.length ? said.join('; ') : decoderDetail(err) };
    }
    return { id, ok: true, width, height, rgba: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength) };
  } finally {
    images.dispose();
  }
}

/** Runs `work` with what libheif-js logs (its way of saying why) collected into `said` instead of printed. */
async function collectingLog<T>(said: string[], work: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = (...args: unknown[]) => said.push(args.map(describeLogged).join(' '));
  try {
    return await work();
  } finally {
    console.log = log;
  }
}

/** libheif-js logs `(message, handle, {code, subcode, message})`: keep the readable parts. */
function describeLogged(value: unknown): string {
  if (typeof value === 'string') return value;
  const message = (value as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : '';
}

// One request at a time, in order: the WebAssembly heap holds one photo's planes, not one per photo in flight.
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (request: HeicRequest) => {
  queue = queue.then(async () => {
    const reply = await decode(request).catch((err: unknown): HeicReply => ({ id: request.id, ok: false, reason: 'decode', detail: decoderDetail(err) }));
    parentPort!.postMessage(reply, reply.ok ? [reply.rgba.buffer as ArrayBuffer] : []);
  });
});
