// Finds the JPEG images embedded in a camera RAW file (previews, thumbnails, "JpgFromRaw").
// Scanning the bytes works for every RAW container alike (TIFF IFDs, CR3 boxes, RAF, ORF maker notes)
// without a parser per vendor; each hit is checked by walking its JPEG markers, so the odd FF D8 FF in
// sensor data is not mistaken for an image.

export interface EmbeddedJpeg {
  offset: number;
  length: number;
  width: number;
  height: number;
}

/** Frame types libjpeg-turbo decodes: baseline, extended, progressive (Huffman or arithmetic).
 *  Lossless (SOF3, SOF7, SOF11, SOF15) is what CR2/DNG/NEF use for the sensor data itself, and
 *  hierarchical frames are not decodable either. */
const DECODABLE_SOF = new Set([0xc0, 0xc1, 0xc2, 0xc9, 0xca]);
const SOI = Buffer.from([0xff, 0xd8, 0xff]);
const EOI = Buffer.from([0xff, 0xd9]);
/** Bounds the work on hostile input: real RAWs hold 1-4 JPEGs. */
const MAX_CANDIDATES = 256;
const MAX_SEGMENTS = 512;

/** All decodable-looking JPEG streams in `buf`, largest (by pixel count) first. */
export function findEmbeddedJpegs(buf: Buffer): EmbeddedJpeg[] {
  const found: EmbeddedJpeg[] = [];
  let candidates = 0;
  for (let at = buf.indexOf(SOI); at >= 0 && candidates < MAX_CANDIDATES; at = buf.indexOf(SOI, at + 2)) {
    candidates++;
    const jpeg = parseJpegAt(buf, at);
    if (jpeg) {
      found.push(jpeg);
      at = jpeg.offset + jpeg.length - 2; // a thumbnail inside this JPEG's APP1 is skipped on purpose
    }
  }
  return found.sort((a, b) => b.width * b.height - a.width * a.height);
}

function parseJpegAt(buf: Buffer, offset: number): EmbeddedJpeg | null {
  let pos = offset + 2;
  let width = 0;
  let height = 0;
  for (let segments = 0; segments < MAX_SEGMENTS; segments++) {
    if (pos + 4 > buf.length || buf[pos] !== 0xff) return null;
    while (buf[pos + 1] === 0xff && pos + 2 < buf.length) pos++; // fill bytes
    const marker = buf[pos + 1];
    if (marker === 0xd8 || marker === 0xd9 || marker === 0x00) return null;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { pos += 2; continue; }
    if (pos + 4 > buf.length) return null;
    const len = buf.readUInt16BE(pos + 2);
    if (len < 2 || pos + 2 + len > buf.length) return null;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (!DECODABLE_SOF.has(marker) || len < 8) return null;
      height = buf.readUInt16BE(pos + 5);
      width = buf.readUInt16BE(pos + 7);
      if (width === 0 || height === 0) return null;
    }
    if (marker === 0xda) {
      if (width === 0) return null; // scan before any frame header: not a real JPEG
      // Entropy-coded data cannot contain FF D9 (FF is stuffed as FF 00), so the next one ends the image.
      const eoi = buf.indexOf(EOI, pos + 2 + len);
      const end = eoi < 0 ? buf.length : eoi + 2;
      return { offset, length: end - offset, width, height };
    }
    pos += 2 + len;
  }
  return null;
}
