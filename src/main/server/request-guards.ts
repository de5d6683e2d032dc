// Checks that come before the token: they stop attacks in which a hostile web page uses the user's own browser.
import type { IncomingMessage } from 'node:http';

/**
 * DNS rebinding: a page on evil.example can make its own name resolve to 127.0.0.1, and its requests then reach
 * this server as same-origin. The Host header still says evil.example, so only our own names are accepted.
 */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host?.toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** The origins our own page can have. */
export function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/**
 * A request another site's page made (a form post, a fetch, an <img>). Cookies are per host, not per port, so
 * a page served by another program on localhost counts as the same *site* and would get our SameSite=Strict
 * cookie: the Origin header (sent on every cross-origin POST) and Sec-Fetch-Site (sent by current browsers on
 * every request) tell such requests apart. Absent headers (curl, scripts with the bearer token) pass.
 */
export function isCrossOrigin(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined && !ownOrigins(port).includes(origin)) return true;
  const site = req.headers['sec-fetch-site'];
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}
