// The per-run secret of `loupe serve`. Anyone who can reach 127.0.0.1 (every local program, and every web page
// the user has open, through the browser) could otherwise drive the library; only whoever was shown the printed
// URL gets the token. The browser keeps it in an HttpOnly cookie, so page scripts never see it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** One cookie name per port: cookies ignore ports, and two servers must not overwrite each other's. */
export function cookieName(port: number): string {
  return `loupe_token_${port}`;
}

/** Compares in constant time, so response timing does not reveal how much of a guess was right. */
export function tokenMatches(candidate: string | undefined | null, token: string): boolean {
  if (typeof candidate !== 'string') return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** True when the request carries the token: the cookie, or `Authorization: Bearer <token>` (scripts, tests). */
export function isAuthorised(req: IncomingMessage, token: string, port: number): boolean {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ') && tokenMatches(auth.slice(7).trim(), token)) return true;
  return tokenMatches(cookieValue(req.headers.cookie, cookieName(port)), token);
}

/** The Set-Cookie value that logs a browser in for this run. Strict: never sent on requests from other sites. */
export function sessionCookie(token: string, port: number): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
