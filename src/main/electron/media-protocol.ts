// `loupe-media://app/media/<size>/<id>`: photos for the window. Only paths parseMediaPath accepts are answered,
// and only with a catalogued photo's thumbnail (backend/media-files.ts): the renderer cannot name a file.
import fs from 'node:fs/promises';
import { protocol } from 'electron';
import { parseMediaPath } from '../../shared/api.js';
import type { EngineBackend } from '../backend/engine-backend.js';

export const MEDIA_SCHEME = 'loupe-media';

/** Must run before the app is ready: a standard, secure scheme the page's <img> and fetch may load. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

export function serveMedia(getBackend: () => EngineBackend | null): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const notFound = () => new Response('Not found', { status: 404 });
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return notFound();
    }
    if (url.host !== 'app' || request.method !== 'GET') return notFound();
    const parsed = parseMediaPath(url.pathname);
    const backend = getBackend();
    const media = parsed && backend ? await backend.media(parsed.size, parsed.photoId) : null;
    if (!media) return notFound();
    try {
      const bytes = await fs.readFile(media.file);
      return new Response(new Uint8Array(bytes), {
        headers: { 'Content-Type': media.contentType, 'Cache-Control': 'private, max-age=31536000, immutable' },
      });
    } catch {
      return notFound();
    }
  });
}
