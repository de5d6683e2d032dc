// The reactive side of the hash routes: `route` mirrors location.hash, `navigate` pushes (or replaces) an
// entry, and every history entry the app pushed carries its depth, so "Back" inside the app knows whether
// there is an in-app page to go back to (else it goes to the library instead of leaving Loupe).
import { reactive } from 'vue';
import { formatRoute, parseHash, sameRoute, type Route } from './hash-route.js';

export const route = reactive<Route>(parseHash(typeof location === 'undefined' ? '' : location.hash));

interface EntryState {
  loupeDepth?: number;
}

function depth(): number {
  return (history.state as EntryState | null)?.loupeDepth ?? 0;
}

function sync(): void {
  const next = parseHash(location.hash);
  if (sameRoute(next, route)) return;
  route.screen = next.screen;
  route.arg = next.arg;
  route.query = next.query;
}

export type RouteInput = { screen: string; arg?: string | null; query?: Record<string, string | undefined | null> };

/** Goes to `target`: a new history entry, or (replace) the current one changed in place. */
export function navigate(target: RouteInput, options: { replace?: boolean } = {}): void {
  const hash = formatRoute(target);
  if (hash === location.hash) return;
  if (options.replace) history.replaceState({ loupeDepth: depth() } satisfies EntryState, '', hash);
  else history.pushState({ loupeDepth: depth() + 1 } satisfies EntryState, '', hash);
  sync();
}

/** Back inside the app, or to the library when this is the first page Loupe showed (never out of the app). */
export function goBack(): void {
  if (depth() > 0) history.back();
  else navigate({ screen: 'library' }, { replace: true });
}

export function canGoBack(): boolean {
  return depth() > 0;
}

let started = false;
/** Follows Back/Forward and typed addresses. In Electron, also Alt+←/→ and the mouse's back/forward buttons,
 *  which a browser already handles by itself. */
export function startRouter(options: { desktop: boolean }): void {
  if (started) return;
  started = true;
  if (!location.hash) history.replaceState({ loupeDepth: 0 } satisfies EntryState, '', formatRoute(route));
  window.addEventListener('popstate', sync);
  window.addEventListener('hashchange', sync);
  if (!options.desktop) return;
  window.addEventListener('keydown', (e) => {
    if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (e.key === 'ArrowLeft') history.back();
    else if (e.key === 'ArrowRight') history.forward();
  });
  window.addEventListener('mouseup', (e) => {
    if (e.button === 3) history.back();
    else if (e.button === 4) history.forward();
  });
}
