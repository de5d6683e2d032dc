// Serves the built renderer (out/renderer) and nothing else. A request path is decoded once, refused if it
// holds anything that could leave the folder (`..`, backslashes, NUL, encoded separators), and the file found
// must still lie inside the folder once symlinks are resolved.
import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { sendText } from './responses.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

export class RendererMissingError extends Error {
  constructor(dir: string) {
    super(`The web UI is not built (no ${path.join(dir, 'index.html')}). Run \`npm run build\` first, then start \`loupe serve\` again.`);
    this.name = 'RendererMissingError';
  }
}

/** The renderer folder's real path; throws RendererMissingError when it has no index.html. */
export function checkRendererDir(dir: string): string {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index) || !fs.statSync(index).isFile()) throw new RendererMissingError(dir);
  return fs.realpathSync(dir);
}

/** The file a URL path names inside `root`, or null for anything unsafe or odd. */
export function staticFileFor(root: string, urlPath: string): string | null {
  if (urlPath === '/') return path.join(root, 'index.html');
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  // Checked after decoding, so %2e%2e and %2f cannot smuggle what the plain form may not contain.
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.slice(1).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return null;
  const file = path.join(root, ...segments);
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return file;
}

/**
 * Sends a file of the renderer; 404 for anything not there (no fallback page but for `/`).
 * Synchronous file calls on purpose, here and in sendFile: the page, its assets and the thumbnails are small, and
 * libuv's few file threads are queued with every stat of a large library's scan and watcher set-up when `loupe
 * serve` opens it (100,000 photos: the 1.9 MB script, read 64 KB at a time behind them, took 5.7 s to arrive).
 */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse, headOnly: boolean): Promise<void> {
  const file = staticFileFor(root, urlPath);
  if (!file) return sendText(res, 404, 'Not found');
  let real: string;
  let stat: fs.Stats;
  try {
    real = fs.realpathSync(file);
    stat = fs.statSync(real);
  } catch {
    return sendText(res, 404, 'Not found');
  }
  const rel = path.relative(root, real);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return sendText(res, 404, 'Not found');
  if (!stat.isFile()) return sendText(res, 404, 'Not found');
  res.statusCode = 200;
  res.setHeader('Content-Type', CONTENT_TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream');
  res.setHeader('Content-Length', stat.size);
  // Vite gives built assets content-hashed names; the page itself must always be fetched fresh.
  res.setHeader('Cache-Control', urlPath.startsWith('/assets/') ? 'private, max-age=31536000, immutable' : 'no-cache');
  if (headOnly) return void res.end();
  sendFile(real, res);
}

/** Sends a small file whole (a page, an asset, a thumbnail), read at once: see serveStatic for why not streamed. */
export function sendFile(file: string, res: ServerResponse): void {
  let body: Buffer;
  try {
    body = fs.readFileSync(file);
  } catch {
    res.removeHeader('Content-Length'); // the file's length, not the error text's
    return sendText(res, 500, 'Could not read the file');
  }
  res.setHeader('Content-Length', body.length);
  res.end(body);
}
