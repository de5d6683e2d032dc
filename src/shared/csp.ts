// Loupe's Content-Security-Policy, in one place. src/renderer/index.html carries the same policy as a
// <meta> (test/build checks they match), and both hosts send it as a response header too: the Electron
// main process and `loupe serve`. It lives in src/shared because the two hosts sit in layers that may
// not import each other.
// Why each part: the renderer only ever runs its own bundled code ('self'), shows photos through the
// `loupe-media:` protocol (Electron), same-origin /media/ paths (`loupe serve`) or inline data:
// thumbnails, and talks to nothing remote. No 'unsafe-eval' (Vue templates are compiled at build
// time) and no 'unsafe-inline'.
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
