// How much of a JPEG that ends early decodes. libjpeg gives the blocks it has no data for no coefficients at all, so
// a baseline JPEG's missing lower part comes out one flat grey; a progressive one shows its whole picture from the
// passes it has, less detailed, with no such band.
import type { RgbImage } from './rgb-image.js';

/** A line is fill when every pixel is within this many levels of its first, and that pixel is grey. Downscaling
 *  keeps a flat band exactly flat; real content (sky, a wall) varies by more along a whole line. */
const FLAT = 2;

/** Which side of the upright preview the file's last rows are on, per EXIF orientation (1..8). */
const LAST_ROWS_SIDE: Record<number, 'bottom' | 'top' | 'left' | 'right'> = {
  1: 'bottom', 2: 'bottom', 3: 'top', 4: 'top', 5: 'right', 6: 'left', 7: 'left', 8: 'right',
};

/**
 * The share of the picture that decoded, from 0 to 1: the lines before the grey band on the side where the file's
 * last rows went once turned upright. 1 where there is no band (the whole picture shows).
 */
export function decodedShare(img: RgbImage, orientation: number): number {
  const side = LAST_ROWS_SIDE[orientation] ?? 'bottom';
  const rows = side === 'bottom' || side === 'top';
  const lines = rows ? img.height : img.width;
  const along = rows ? img.width : img.height;
  const at = (line: number, i: number): number => {
    const l = side === 'bottom' || side === 'right' ? lines - 1 - line : line;
    return ((rows ? l * img.width + i : i * img.width + l) * 3);
  };
  const flat = (line: number): boolean => {
    const o = at(line, 0);
    const [r, g, b] = [img.data[o], img.data[o + 1], img.data[o + 2]];
    if (Math.abs(r - g) > FLAT || Math.abs(g - b) > FLAT) return false;
    for (let i = 1; i < along; i++) {
      const p = at(line, i);
      if (Math.abs(img.data[p] - r) > FLAT || Math.abs(img.data[p + 1] - g) > FLAT || Math.abs(img.data[p + 2] - b) > FLAT) return false;
    }
    return true;
  };
  let band = 0;
  while (band < lines && flat(band)) band++;
  return (lines - band) / lines;
}
