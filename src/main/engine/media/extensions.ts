// Which file names the scanner hands to the media layer. The bytes decide the format later (sniff.ts);
// the extension only decides whether a file is worth opening at all.

/** Camera RAW extensions and the label used in messages. Most of these are TIFF containers that only
 *  the extension tells apart from a plain TIFF. */
export const RAW_EXTENSIONS: ReadonlyMap<string, string> = new Map([
  ['.cr2', 'Canon CR2'], ['.cr3', 'Canon CR3'], ['.crw', 'Canon CRW'],
  ['.nef', 'Nikon NEF'], ['.nrw', 'Nikon NRW'],
  ['.arw', 'Sony ARW'], ['.srf', 'Sony SRF'], ['.sr2', 'Sony SR2'],
  ['.dng', 'DNG'], ['.raf', 'Fujifilm RAF'], ['.orf', 'Olympus ORF'],
  ['.rw2', 'Panasonic RW2'], ['.rwl', 'Leica RWL'], ['.pef', 'Pentax PEF'],
  ['.srw', 'Samsung SRW'], ['.x3f', 'Sigma X3F'], ['.mrw', 'Minolta MRW'],
  ['.iiq', 'Phase One IIQ'], ['.3fr', 'Hasselblad 3FR'], ['.fff', 'Hasselblad FFF'],
  ['.erf', 'Epson ERF'], ['.kdc', 'Kodak KDC'], ['.dcr', 'Kodak DCR'],
  ['.mos', 'Leaf MOS'], ['.mef', 'Mamiya MEF'],
]);

/** Formats Loupe decodes (sharp, or libheif-js for HEIC). `.mpo` is a multi-picture JPEG (3D cameras). */
const DECODABLE = ['.jpg', '.jpeg', '.jpe', '.jfif', '.mpo', '.png', '.apng', '.gif', '.webp', '.avif',
  '.tif', '.tiff', '.heic', '.heif', '.hif'];

/** Image formats Loupe recognises but cannot decode: picked up so that the user is told about them,
 *  instead of them silently missing from the library. */
const RECOGNISED_UNDECODABLE = ['.bmp', '.dib', '.jxl', '.jp2', '.j2k', '.jpf', '.jpx', '.psd', '.psb',
  '.ico', '.tga', '.exr', '.hdr', '.pbm', '.pgm', '.ppm', '.pnm'];

/** Lower-case extensions WITH the leading dot, as `path.extname(name).toLowerCase()` returns them. */
export const PHOTO_EXTENSIONS: ReadonlySet<string> = new Set([
  ...DECODABLE, ...RAW_EXTENSIONS.keys(), ...RECOGNISED_UNDECODABLE,
]);

/** The lower-case extension of a file name, with its dot ('' when there is none). */
export function extensionOf(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

export function isPhotoFileName(fileName: string): boolean {
  return PHOTO_EXTENSIONS.has(extensionOf(fileName));
}
