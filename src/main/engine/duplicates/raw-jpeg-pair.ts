// A camera set to RAW+JPEG writes two files per shot: IMG_0001.CR2 and IMG_0001.JPG side by side. They
// are one photo in two forms, not duplicates to clean up (deleting the JPEG loses the camera's rendering,
// deleting the RAW loses the negative), so the duplicate finder never groups them.
import path from 'node:path';

const DEVELOPED = new Set(['jpeg', 'heic']);

export interface PairFile {
  path: string;
  format: string | null;
}

/** Same folder, same name before the extension, one RAW and one developed image (JPEG or HEIC). */
export function isRawJpegPair(a: PairFile, b: PairFile): boolean {
  const raw = a.format === 'raw' ? a : b.format === 'raw' ? b : null;
  const developed = raw === a ? b : a;
  if (!raw || !DEVELOPED.has(developed.format ?? '')) return false;
  if (path.dirname(raw.path) !== path.dirname(developed.path)) return false;
  const stem = (p: string): string => path.basename(p, path.extname(p)).toLowerCase();
  return stem(raw.path) === stem(developed.path);
}
