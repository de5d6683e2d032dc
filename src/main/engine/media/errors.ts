// Maps the failures of fs, sharp and libheif onto MediaError codes with one readable sentence each.
import { MediaError } from './types.js';

const errorCode = (err: unknown): string | undefined =>
  err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : undefined;

/** The first line of a decoder message, without the trailing colon libvips likes to add. */
export function decoderDetail(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n').map((l) => l.trim()).find((l) => l.length > 0)?.replace(/[:.]+$/, '') ?? 'unknown error';
}

/** An fs error while opening or reading the file. */
export function readError(err: unknown): MediaError {
  const code = errorCode(err);
  switch (code) {
    case 'ENOENT':
      return new MediaError('The file no longer exists (it was moved or deleted before it could be read).', 'unreadable', { cause: err });
    case 'EISDIR':
      return new MediaError('The path is a directory, not a file.', 'unreadable', { cause: err });
    case 'EACCES':
    case 'EPERM':
      return new MediaError('Permission to read the file was denied.', 'unreadable', { cause: err });
    case 'ERR_FS_FILE_TOO_LARGE':
      return new MediaError('The file is larger than 2 GiB, too large to read into memory.', 'too-large', { cause: err });
    default:
      return new MediaError(`The file could not be read (${code ?? decoderDetail(err)}).`, 'unreadable', { cause: err });
  }
}

export function tooLarge(label: string, width: number, height: number, maxPixels: number): MediaError {
  const mp = (n: number): string => (n / 1e6).toFixed(1);
  return new MediaError(
    `The ${label} image is ${width}×${height} (${mp(width * height)} MP), more than the ${mp(maxPixels)} MP limit.`,
    'too-large',
  );
}

/** A sharp/libvips failure on bytes that were sniffed as `label`. */
export function sharpError(err: unknown, label: string): MediaError {
  if (err instanceof MediaError) return err;
  const detail = decoderDetail(err);
  if (/exceeds pixel limit/i.test(detail)) {
    return new MediaError(`The ${label} image has more pixels than the limit allows (${detail}).`, 'too-large', { cause: err });
  }
  if (/timeout/i.test(detail)) {
    return new MediaError(`Decoding the ${label} image took too long and was abandoned (${detail}).`, 'corrupt', { cause: err });
  }
  // The bytes start like this format but the decoder cannot make sense of them: damaged header.
  if (/unsupported image format|corrupt header/i.test(detail)) {
    return new MediaError(`The ${label} file is damaged: its header cannot be read (${detail}).`, 'corrupt', { cause: err });
  }
  // e.g. heif "Unsupported feature" / "Unsupported codec": a valid file using something libheif lacks
  if (/unsupported (feature|codec|color|colour|bit depth|compression)|not supported/i.test(detail)) {
    return new MediaError(`The ${label} file uses a feature Loupe cannot decode (${detail}).`, 'unsupported', { cause: err });
  }
  return new MediaError(`The ${label} image data is truncated or corrupt (${detail}).`, 'corrupt', { cause: err });
}
