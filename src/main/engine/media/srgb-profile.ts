// Whether an embedded colour profile is sRGB as far as 8-bit pixels tell. Most profiled photos carry an sRGB profile
// ("sRGB IEC61966-2.1" from cameras and editors, GIMP's built-in sRGB): converting them to sRGB gives back the same
// pixels, yet libvips still runs the conversion, on the shrink-on-load decode before the resize (every pixel of a PNG,
// which has no shrink-on-load): 40-90 CPU ms a photo on ../shared/data/hires (docs/architecture.md). Such a profile is
// found out once per process, by converting a probe image that carries it, and the decode then leaves the conversion
// out.
import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * The probe's colours: every 4th level of each channel with 255 (65^3 colours), and the full 256-level ramps of
 * grey and of each channel alone, where tone curves differ most. libvips's 8-bit conversion interpolates a table
 * between grid points: one that moves none of these by more than a level moves no colour by more.
 */
function probeColours(): Uint8Array {
  const levels = [...Array.from({ length: 64 }, (_, i) => i * 4), 255];
  const colours: number[] = [];
  for (const r of levels) for (const g of levels) for (const b of levels) colours.push(r, g, b);
  for (let v = 0; v < 256; v++) colours.push(v, v, v, v, 0, 0, 0, v, 0, 0, 0, v);
  return Uint8Array.from(colours);
}

const PROBE_WIDTH = 512;

/** A PNG chunk: length, type, data, CRC of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}

let probePng: Promise<{ png: Buffer; pixels: Buffer }> | null = null;

/** The probe as a PNG without a profile, and its pixels. */
function probe(): Promise<{ png: Buffer; pixels: Buffer }> {
  probePng ??= (async () => {
    const colours = probeColours();
    const height = Math.ceil(colours.length / 3 / PROBE_WIDTH);
    const pixels = Buffer.alloc(PROBE_WIDTH * height * 3); // the last row's tail: black, already in the probe
    pixels.set(colours);
    const png = await sharp(pixels, { raw: { width: PROBE_WIDTH, height, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
    return { png, pixels };
  })();
  return probePng;
}

/** The probe with `icc` embedded: an iCCP chunk straight after the header chunk (PNG's place for it). */
function withProfile(png: Buffer, icc: Buffer): Buffer {
  const afterHeader = 8 + 8 + 13 + 4; // signature, IHDR's length and type, its 13 bytes, its CRC
  const iccp = chunk('iCCP', Buffer.concat([Buffer.from('icc\0\0', 'latin1'), deflateSync(icc)]));
  return Buffer.concat([png.subarray(0, afterHeader), iccp, png.subarray(afterHeader)]);
}

const verdicts = new Map<string, Promise<boolean>>();

/**
 * Converting from an sRGB profile moves a value by at most this many levels: the 8-bit rounding of a profile whose
 * curves are tables ("sRGB IEC61966-2.1", 1024 entries a channel) against libvips's own sRGB. That profile moves 0.27%
 * of the probe's values by one level (saturated colours at a channel's 0), and no value of the 39 photos of
 * ../shared/data carrying it, at 512 or 1280 px; the nearest profile that is not sRGB (Display P3, Adobe RGB) moves
 * values of real photos by 21-47 levels.
 */
const SRGB_TOLERANCE = 1;

/**
 * Whether converting from `icc` to sRGB (as the decode does, libvips's perceptual intent) leaves every probe colour
 * within SRGB_TOLERANCE of itself. Cached per profile for the life of the process (a library holds a handful of
 * distinct profiles). A profile libvips cannot read converts nothing (it warns and goes on), so it passes too: the
 * decode then skips it as before.
 */
export function isSrgbProfile(icc: Buffer): Promise<boolean> {
  const key = createHash('sha1').update(icc).digest('hex');
  let verdict = verdicts.get(key);
  if (!verdict) {
    verdict = (async () => {
      try {
        const { png, pixels } = await probe();
        const converted = await sharp(withProfile(png, icc)).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
        if (converted.info.channels !== 3 || converted.data.length !== pixels.length) return false;
        for (let i = 0; i < pixels.length; i++) if (Math.abs(converted.data[i] - pixels[i]) > SRGB_TOLERANCE) return false;
        return true;
      } catch {
        return false; // the decode keeps its conversion, and its handling of a profile that fails it
      }
    })();
    verdicts.set(key, verdict);
  }
  return verdict;
}
