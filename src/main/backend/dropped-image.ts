// An image dropped on the window arrives as bytes (never as a path the browser side could choose). The engine's
// search-by-image reads a file, so the bytes go to a private temporary file that is removed right after.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DroppedImage } from '../../shared/api.js';
import { ApiError } from '../../shared/api-dispatch.js';
import { MAX_IMAGE_BYTES } from './validate-args.js';

/**
 * Runs `use` on a temporary copy of the image's bytes; the file (and its folder) are gone afterwards. `tempRoot`:
 * where the copy goes; the backend passes a folder inside the library home, which the scanner never enters, so a
 * library that contains the system temp folder cannot catalogue the copy.
 */
export async function withDroppedImageFile<T>(image: DroppedImage, use: (file: string) => Promise<T>, tempRoot = os.tmpdir()): Promise<T> {
  const bytes = Buffer.from(image.dataBase64, 'base64');
  if (bytes.length === 0) throw new ApiError('bad-arguments', 'findSimilarToImage: the image is empty');
  if (bytes.length > MAX_IMAGE_BYTES) throw new ApiError('bad-arguments', `findSimilarToImage: the image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`);
  // Only a short alphanumeric extension survives from the untrusted name (the decoder sniffs the bytes anyway).
  const ext = /^\.[A-Za-z0-9]{1,5}$/.test(path.extname(image.name)) ? path.extname(image.name).toLowerCase() : '';
  await fs.mkdir(tempRoot, { recursive: true });
  const dir = await fs.mkdtemp(path.join(tempRoot, 'loupe-drop-'));
  try {
    const file = path.join(dir, `dropped${ext}`);
    await fs.writeFile(file, bytes, { mode: 0o600, flag: 'wx' });
    return await use(file);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
