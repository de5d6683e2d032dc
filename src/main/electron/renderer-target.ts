// Where the window's page comes from, and which URLs count as "our own UI". Plain Node (no electron)
// so the trust decision can be tested: IPC calls from any other URL are refused.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export type RendererTarget =
  | { kind: 'file'; file: string }
  | { kind: 'url'; url: string };

/**
 * The built page under out/renderer, unless an unpackaged app runs under `electron-vite dev`, which
 * passes its dev server in ELECTRON_RENDERER_URL. A packaged app ignores the variable so that nobody
 * can point an installed Loupe at a foreign page through its environment.
 */
export function resolveRendererTarget(opts: { mainDir: string; isPackaged: boolean; devServerUrl: string | undefined }): RendererTarget {
  if (!opts.isPackaged && opts.devServerUrl) return { kind: 'url', url: opts.devServerUrl };
  return { kind: 'file', file: path.join(opts.mainDir, '..', 'renderer', 'index.html') };
}

/** True when `url` is the app's page: the same file (any hash/query), or the same dev-server origin. */
export function isAppUrl(url: string, target: RendererTarget): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (target.kind === 'url') return parsed.origin === new URL(target.url).origin;
  const own = pathToFileURL(target.file);
  return parsed.protocol === 'file:' && parsed.pathname === own.pathname;
}
