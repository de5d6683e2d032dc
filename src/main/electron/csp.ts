// Loupe's Content-Security-Policy, in one place. src/renderer/index.html carries the same policy as a
// <meta> (test/build checks they match), and the main process also sends it as a response header.
// Why each part: the renderer only ever runs its own bundled code ('self'), shows photos through the
// `loupe-media:` protocol or inline data: thumbnails, and talks to nothing remote. No 'unsafe-eval'
// (Vue templates are compiled at build time) and no 'unsafe-inline'.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' loupe-media: data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
].join('; ');

/**
 * The policy for the Vite dev server only: Vite injects component styles as <style> elements while
 * serving, which needs 'unsafe-inline' for styles. Built code never gets this.
 */
export function devContentSecurityPolicy(policy: string = CONTENT_SECURITY_POLICY): string {
  return policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
}
