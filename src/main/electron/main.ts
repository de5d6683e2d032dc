// Electron entry point (bundled to out/main/index.js). A thin shell: it owns the window, the menu and
// the IPC transport; all photo work belongs to the plain-Node engine behind ./backend.ts.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, session } from 'electron';
import { createShellBackend } from './backend.js';
import { CONTENT_SECURITY_POLICY } from './csp.js';
import { serveApiOverIpc } from './ipc.js';
import { installAppMenu } from './menu.js';
import { denyAllPermissions, enforceContentSecurityPolicy, guardWebContents } from './navigation-guard.js';
import { isAppUrl, resolveRendererTarget } from './renderer-target.js';
import { createMainWindow } from './window.js';

const mainDir = path.dirname(fileURLToPath(import.meta.url));
// Fixed rather than derived from package.json's lowercase `name`, so a dev run and the installed app
// share one data folder.
app.setName('Loupe');
app.setPath('userData', path.join(app.getPath('appData'), 'Loupe'));

// A second launch (e.g. opening Loupe again from the dock) focuses the running window instead of
// starting another process on the same library database.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  const target = resolveRendererTarget({
    mainDir,
    isPackaged: app.isPackaged,
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
  });
  const openWindow = (): BrowserWindow => createMainWindow({
    preloadPath: path.join(mainDir, '..', 'preload', 'index.cjs'),
    target,
    stateFile: path.join(app.getPath('userData'), 'window-state.json'),
  });

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  app.on('second-instance', () => {
    const window = BrowserWindow.getAllWindows()[0];
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    // macOS apps stay alive without windows until the user quits from the dock or menu.
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    denyAllPermissions(session.defaultSession);
    // The dev server's own policy (a relaxed copy in its index.html) applies while developing.
    if (target.kind === 'file') enforceContentSecurityPolicy(session.defaultSession, CONTENT_SECURITY_POLICY);
    installAppMenu();
    serveApiOverIpc(createShellBackend(app.getVersion()), (url) => isAppUrl(url, target));
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });
}
