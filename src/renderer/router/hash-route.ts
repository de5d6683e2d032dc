// Hash routes: every screen and every open photo has an address, so Back/Forward, reload and a bookmark
// work in the browser (`loupe serve`) and in Electron alike. No router library: the app has a handful of
// flat screens whose state is a name, an optional argument and a few query values, and a hash keeps the
// static server and the Electron file origin unaware of routes. Pure functions here; the reactive side is
// in ./router.ts.
//
//   #/library?folder=/photos/2019&tag=dog&photo=12     screen "library", filters, the viewer on photo 12
//   #/similar/12                                        photos similar to photo 12
//   #/search?q=狗
//
// `photo` is the open viewer on any screen.

export interface Route {
  /** the screen's name (see routes.ts); '' for the default screen */
  screen: string;
  /** one path argument after the screen (a photo id for "similar"), or null */
  arg: string | null;
  /** the query values, in insertion order */
  query: Record<string, string>;
}

export const DEFAULT_SCREEN = 'library';

export function parseHash(hash: string): Route {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const q = raw.indexOf('?');
  const pathPart = (q === -1 ? raw : raw.slice(0, q)).replace(/^\/+/, '');
  const [screenRaw = '', ...rest] = pathPart.split('/');
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(q === -1 ? '' : raw.slice(q + 1))) query[k] = v;
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const screen = decode(screenRaw) || DEFAULT_SCREEN;
  const argRaw = rest.join('/');
  return { screen, arg: argRaw ? decode(argRaw) : null, query };
}

export function formatRoute(route: { screen: string; arg?: string | null; query?: Record<string, string | undefined | null> }): string {
  let out = `#/${encodeURIComponent(route.screen)}`;
  if (route.arg) out += `/${encodeURIComponent(route.arg)}`;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(route.query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, v);
  const qs = params.toString();
  return qs ? `${out}?${qs}` : out;
}

/** The photo id the viewer shows at this route, or null. */
export function photoParam(route: Route): number | null {
  const raw = route.query.photo;
  if (!raw || !/^[1-9][0-9]{0,14}$/.test(raw)) return null;
  return Number(raw);
}

/** The same route with the viewer on `photoId` (null: closed). */
export function withPhoto(route: Route, photoId: number | null): Route {
  const query = { ...route.query };
  if (photoId === null) delete query.photo;
  else query.photo = String(photoId);
  return { ...route, query };
}

export function sameRoute(a: Route, b: Route): boolean {
  return formatRoute(a) === formatRoute(b);
}
