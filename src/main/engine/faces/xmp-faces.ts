// People already named in the files: XMP face regions as digiKam, Lightroom, Picasa (MWG, `mwg-rs:Regions`) and
// Windows Photo Gallery (`MP:RegionInfo`) write them. exifr reads the XMP; this turns both forms into named boxes in
// pixels of the photo as displayed.
import exifr from 'exifr';
import { iou } from './face-geometry.js';

export interface NamedRegion {
  name: string;
  /** [x, y, w, h] in displayed-photo pixels */
  box: [number, number, number, number];
}

type Norm = [number, number, number, number];

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

/** The named face regions of a file, or [] (no XMP, no regions, or XMP that cannot be read: never an error). */
export async function readNamedFaceRegions(file: string, displayed: { width: number; height: number; orientation: number }): Promise<NamedRegion[]> {
  let xmp: Record<string, unknown> | undefined;
  try {
    xmp = await exifr.parse(file, { xmp: true, tiff: false, exif: false, gps: false, icc: false, iptc: false, jfif: false, ihdr: false, mergeOutput: false });
  } catch {
    return [];
  }
  return namedRegionsFromXmp(xmp ?? {}, displayed);
}

/** Both region forms from exifr's XMP output (single-item bags come as objects, several as arrays). */
export function namedRegionsFromXmp(xmp: Record<string, unknown>, displayed: { width: number; height: number; orientation: number }): NamedRegion[] {
  const out: { name: string; norm: Norm }[] = [];
  const mwg = (xmp['mwg-rs'] as { Regions?: { RegionList?: unknown } } | undefined)?.Regions;
  for (const r of list(mwg?.RegionList as Record<string, unknown> | Record<string, unknown>[] | undefined)) {
    const area = r.Area as Record<string, unknown> | undefined;
    const name = typeof r.Name === 'string' ? r.Name.trim() : '';
    if (!area || !name || (r.Type !== undefined && r.Type !== 'Face')) continue;
    if (area.unit !== undefined && area.unit !== 'normalized') continue;
    const [cx, cy, w, h] = [num(area.x), num(area.y), num(area.w), num(area.h)];
    // MWG areas are centred: x, y is the middle of the region
    out.push({ name, norm: [cx - w / 2, cy - h / 2, w, h] });
  }
  const mp = (xmp.MP as { RegionInfo?: { Regions?: unknown } } | undefined)?.RegionInfo;
  for (const r of list(mp?.Regions as Record<string, unknown> | Record<string, unknown>[] | undefined)) {
    const name = typeof r.PersonDisplayName === 'string' ? r.PersonDisplayName.trim() : '';
    const rect = String(r.Rectangle ?? '').split(',').map((v) => Number(v.trim()));
    if (!name || rect.length !== 4) continue;
    out.push({ name, norm: rect as Norm });
  }
  return out
    .filter(({ norm }) => norm.every(Number.isFinite) && norm[2] > 0 && norm[3] > 0)
    .map(({ name, norm }) => {
      const [x, y, w, h] = orient(norm, displayed.orientation);
      return { name: name.normalize('NFC'), box: [x * displayed.width, y * displayed.height, w * displayed.width, h * displayed.height] };
    });
}

/** A normalised box of the stored image, as it lies in the displayed image (EXIF orientation 1-8). */
export function orient([x, y, w, h]: Norm, orientation: number): Norm {
  switch (orientation) {
    case 2: return [1 - x - w, y, w, h];
    case 3: return [1 - x - w, 1 - y - h, w, h];
    case 4: return [x, 1 - y - h, w, h];
    case 5: return [y, x, h, w];
    case 6: return [1 - y - h, x, h, w];
    case 7: return [1 - y - h, 1 - x - w, h, w];
    case 8: return [y, 1 - x - w, h, w];
    default: return [x, y, w, h];
  }
}

/**
 * Which detected face (index into `boxes`) a named region is on, or -1 (it becomes a face of its own). The best
 * overlap (IoU >= 0.3); failing that, a face whose box and the region each hold the other's centre: tools draw regions
 * of their own size (some take in hair and chin), and a region about twice the detector's box,
 * centred on the face, overlaps it by only 1/4. Before, such a region became a second face on the same head, named
 * apart from the person the detected one joined (trial 11). A neighbour's face never holds the region's centre.
 */
export function regionFace(boxes: readonly (readonly number[])[], region: readonly number[]): number {
  const centre = (b: readonly number[]): [number, number] => [b[0] + b[2] / 2, b[1] + b[3] / 2];
  const holds = (b: readonly number[], [x, y]: [number, number]) => x >= b[0] && x <= b[0] + b[2] && y >= b[1] && y <= b[1] + b[3];
  let best = -1;
  let bestIou = 0;
  let nested = -1;
  let nestedIou = -1;
  boxes.forEach((b, i) => {
    const v = iou(b, region);
    if (v >= 0.3 && v > bestIou) [best, bestIou] = [i, v];
    if (holds(region, centre(b)) && holds(b, centre(region)) && v > nestedIou) [nested, nestedIou] = [i, v];
  });
  return best >= 0 ? best : nested;
}
