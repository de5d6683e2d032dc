// GET /media/<size>/<id>: a catalogued photo's thumbnail, by id only (see backend/media-files.ts).
import type { ServerResponse } from 'node:http';
import { parseMediaPath, type MediaSize } from '../../shared/api.js';
import type { MediaFile } from '../backend/media-files.js';
import { sendText } from './responses.js';
import { sendFile } from './static-files.js';

export type MediaLookup = (size: MediaSize, photoId: number) => Promise<MediaFile | null>;

export async function handleMedia(lookup: MediaLookup, pathname: string, res: ServerResponse, headOnly: boolean): Promise<void> {
  // The raw path, not a decoded one: parseMediaPath accepts digits only, so nothing encoded can pass.
  const parsed = parseMediaPath(pathname);
  const media = parsed ? await lookup(parsed.size, parsed.photoId) : null;
  if (!media) return sendText(res, 404, 'Not found');
  res.statusCode = 200;
  res.setHeader('Content-Type', media.contentType);
  // The URL carries ?v=<content hash>: new bytes get a new URL, so an entry can be cached for good.
  res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
  if (headOnly) return void res.end();
  sendFile(media.file, res);
}
