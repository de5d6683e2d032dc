// Locks every web contents to the page it was loaded with. A photo manager shows untrusted content
// (file names, EXIF text): should any of it ever execute, it still cannot open windows, navigate the
// window to another origin, embed <webview>s, or use device permissions.
import type { Session, WebContents } from 'electron';

export function guardWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Refuses every permission (camera, geolocation, notifications, ...): Loupe's UI needs none. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Adds the CSP header to every response (the <meta> in index.html covers file:// pages too). */
export function enforceContentSecurityPolicy(session: Session, policy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
}
