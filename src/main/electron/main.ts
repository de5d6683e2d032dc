// Electron entry point (bundled to out/main/index.js). A thin shell: it owns the window, the menu, the
// IPC transport and the media protocol; all photo work belongs to the plain-Node engine behind ./backend.ts.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, session, shell } from 'electron';
import { openAppBackend, type AppBackend } from './backend.js';
import { CONTENT_SECURITY_POLICY } from './csp.js';
import { serveDesktopIpc } from './desktop-ipc.js';
import { emitToAllWindows, serveApiOverIpc } from './ipc.js';
import { registerMediaScheme, serveMedia } from './media-protocol.js';
import { forkUtilityWorker } from './utility-worker-port.js';
import { defaultWorkerScript } from '../engine/paths.js';
import { installAppMenu } from './menu.js';
import { denyAllPermissions, enforceContentSecurityPolicy, guardWebContents } from './navigation-guard.js';
import { isAppUrl, resolveRendererTarget } from './renderer-target.js';
import { createMainWindow } from './window.js';
import { tuneMalloc } from '../engine/runtime/malloc-tuning.js';

// Before any photo is decoded here (where Electron's main process allocates with glibc's malloc: Linux).
tuneMalloc();
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
  // Privileged schemes must be registered before the app is ready.
  registerMediaScheme();
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
  // The library closes before the process ends: the running index stops between files and the catalog and the
  // similarity index are written out. Quitting waits for that once, then quits for real.
  let backend: AppBackend | null = null;
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed || !backend) return;
    event.preventDefault();
    const closing = backend;
    backend = null;
    void closing
      .close()
      .catch((error: unknown) => console.error('loupe: closing the library failed:', error))
      .finally(() => {
        closed = true;
        app.quit();
      });
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
    const isTrusted = (url: string): boolean => isAppUrl(url, target);
    backend = openAppBackend({
      appVersion: app.getVersion(),
      emit: emitToAllWindows,
      workerPort: () => forkUtilityWorker(defaultWorkerScript()),
      trashItem: (file) => shell.trashItem(file),
    });
    const opened = backend;
    serveApiOverIpc(opened.api, isTrusted);
    // read each time: a damaged home gets its engine once the user repairs it
    serveMedia(() => opened.engineBackend);
    serveDesktopIpc(() => opened.engineBackend, isTrusted);
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });
}
