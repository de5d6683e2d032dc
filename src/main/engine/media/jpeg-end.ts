// Whether a JPEG's bytes stop before its end-of-image marker: the file was cut short (a card pulled out mid-write, a
// half-copied download). The decoder says so too ("premature end of JPEG"), but libvips keeps one error buffer for
// the whole process, and a decode that fails while others run beside it can come back as "Unknown error" (a clean
// clone's suite, under load, refused a cut file that way). The bytes tell it whatever the message.

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
/** Markers that stand alone, without a length: the restart markers inside entropy-coded data, and TEM. */
const isStandalone = (m: number) => (m >= 0xd0 && m <= 0xd7) || m === 0x01;

/**
 * True when `bytes` begin as a JPEG and run out before its end-of-image marker. Walks the marker segments by their
 * lengths (so an EXIF thumbnail's own markers, inside APP1, are skipped) and each scan's entropy-coded data to the
 * next marker (0xFF in the data is always stuffed, 0xFF00, or a restart marker). Bytes after the end marker (a
 * phone's trailer) do not count. False for anything that does not begin as a JPEG.
 */
export function jpegEndsEarly(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) return false;
  let i = 2;
  while (i + 1 < bytes.length) {
    if (bytes[i] !== 0xff) return false; // not a marker where one must be: damaged, not cut; the decoder's own reason stands
    const marker = bytes[i + 1];
    if (marker === 0xff) {
      i += 1; // fill byte before a marker
      continue;
    }
    if (marker === EOI) return false;
    if (isStandalone(marker)) {
      i += 2;
      continue;
    }
    if (i + 3 >= bytes.length) return true;
    const next = i + 2 + ((bytes[i + 2] << 8) | bytes[i + 3]);
    if (marker !== SOS) {
      i = next;
      continue;
    }
    // entropy-coded data after the scan header, up to the next marker that is neither stuffing nor a restart
    let j = next;
    while (j + 1 < bytes.length && !(bytes[j] === 0xff && bytes[j + 1] !== 0 && !isStandalone(bytes[j + 1]) && bytes[j + 1] !== 0xff)) j++;
    i = j;
  }
  return true;
}
