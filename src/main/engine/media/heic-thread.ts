// The HEIC decoder's thread (started by heic-decoder.ts, bundled as dist/heic-thread.js): libheif compiled to
// WebAssembly decodes here, off the thread that serves the app, and the memory it grew goes with the thread.
// The photo is also shrunk to its preview here, by sharp reading the decoded pixels where libheif left them in the
// WebAssembly memory: the full-size image is never copied out (a 16 MP photo: 61 MiB of RGBA copied to JavaScript,
// then handed to the main thread, beside the WebAssembly memory that held it already).
import { parentPort, workerData } from 'node:worker_threads';
import type { LibHeif } from 'libheif-js/libheif-wasm/libheif.js';
import { decodePixels } from './decode.js';
import { decoderDetail } from './errors.js';
import type { HeicReply, HeicRequest, HeicThreadData } from './heic-decoder.js';
import { MediaError } from './types.js';

/** libheif's WebAssembly, compiled by the thread that started this one (heic-decoder.ts: once per process) */
const { wasm } = workerData as HeicThreadData;

let loaded: Promise<LibHeif> | null = null;
/** libheif, instantiated from the compiled module on the thread's first HEIC */
function libheif(): Promise<LibHeif> {
  loaded ??= import('libheif-js/libheif-wasm/libheif.js').then(async ({ default: factory }) => {
    let initialized!: () => void;
    const ready = new Promise<void>((resolve) => { initialized = resolve; });
    const lib = factory({
      instantiateWasm: (imports, receive) => receive(new WebAssembly.Instance(wasm, imports), wasm),
      onRuntimeInitialized: () => initialized(),
    });
    await ready;
    return lib;
  });
  return loaded;
}

async function decode(request: HeicRequest): Promise<HeicReply> {
  const { id, bytes, maxPixels, previewEdge, label } = request;
  const lib = await libheif();
  const heapBytes = (): number => lib.HEAPU8.buffer.byteLength;
  // libheif-js logs why a container cannot be parsed ("No 'meta' box"): that line went to the terminal of
  // `loupe index` beside the progress, without the file's name (trial 17). Caught here, it becomes the reason.
  const parseSaid: string[] = [];
  const decoder = new lib.HeifDecoder();
  // Parses the container only; no pixel is decoded until heif_js_decode_image2.
  const images = collectingLog(parseSaid, () => decoder.decode(bytes));
  try {
    if (images.length === 0) {
      return { id, ok: false, reason: 'container', detail: parseSaid.join('; ') || 'no image found', heapBytes: heapBytes() };
    }
    // The first top-level image is the primary one in files from phones and cameras (heic-decode's choice, which
    // Loupe used before); the others are bursts or derived images.
    const image = images[0];
    // libheif reports the size after the file's rotation (irot), which is also how it decodes.
    const width = image.get_width();
    const height = image.get_height();
    if (width * height > maxPixels) return { id, ok: false, reason: 'too-large', detail: '', width, height, heapBytes: heapBytes() };
    // RGB, not RGBA, unless the photo has an alpha channel: the same colours (libheif converts both alike; checked
    // on the samples, every pixel), a quarter less memory for the decoded image.
    const channels = image.has_alpha_channel() ? 4 : 3;
    const chroma = channels === 4 ? lib.heif_chroma.heif_chroma_interleaved_RGBA : lib.heif_chroma.heif_chroma_interleaved_RGB;
    const decoded = await lib.heif_js_decode_image2(image.handle, lib.heif_colorspace.heif_colorspace_RGB, chroma);
    try {
      const plane = decoded.channels?.find((c) => c.id === lib.heif_channel.heif_channel_interleaved);
      if (decoded.code || !plane) {
        return { id, ok: false, reason: 'decode', detail: decoded.message || 'no pixels', heapBytes: heapBytes() };
      }
      const pixels = packedRows(plane, channels);
      try {
        const { preview } = await decodePixels(pixels, { width: plane.width, height: plane.height, channels }, { label, previewEdge, maxPixels });
        return { id, ok: true, width: plane.width, height: plane.height, preview, heapBytes: heapBytes() };
      } catch (err) {
        return { id, ok: false, reason: 'preview', detail: err instanceof MediaError ? err.reason : decoderDetail(err), heapBytes: heapBytes() };
      }
    } finally {
      if (decoded.image) lib.heif_image_release(decoded.image);
    }
  } finally {
    for (const image of images) image.free();
    decoder.decoder?.delete();
  }
}

/**
 * The plane's rows one after another (sharp reads raw pixels without a stride), moved up in place in the WebAssembly
 * memory where libheif pads them (a 2,566-px row of RGB: 7,698 bytes in 7,712), and that memory as a Buffer, not a copy.
 */
function packedRows(plane: { width: number; height: number; stride: number; data: Uint8Array }, channels: number): Buffer {
  const row = plane.width * channels;
  const { data } = plane;
  if (plane.stride !== row) {
    for (let y = 1; y < plane.height; y++) data.copyWithin(y * row, y * plane.stride, y * plane.stride + row);
  }
  return Buffer.from(data.buffer, data.byteOffset, row * plane.height);
}

/** Runs `work` with what libheif-js logs (its way of saying why) collected into `said` instead of printed. */
function collectingLog<T>(said: string[], work: () => T): T {
  const log = console.log;
  console.log = (...args: unknown[]) => said.push(args.map(describeLogged).filter(Boolean).join(' '));
  try {
    return work();
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
    parentPort!.postMessage(reply); // the preview is copied: at most 1,280 px (4.7 MiB), and sharp's buffer is its own
  });
});
