// Creates the main window with Loupe's security settings and remembers its bounds.
import { BrowserWindow, screen } from 'electron';
import type { RendererTarget } from './renderer-target.js';
import { MIN_WINDOW_SIZE, fitToDisplays, loadWindowState, saveWindowState, type WindowState } from './window-state.js';

export interface MainWindowOptions {
  preloadPath: string;
  target: RendererTarget;
  /** JSON file where the bounds are kept between runs */
  stateFile: string;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const state = fitToDisplays(loadWindowState(opts.stateFile), workAreas);

  const window = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Loupe',
    // Shown once the first frame is painted, so the user never sees a blank white window.
    show: false,
    backgroundColor: '#1b1b1f',
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // Dropping a photo on the window must not replace the UI with the photo.
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });

  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  // Saved on close only: bounds change continuously while dragging and the file needs the last one.
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    const next: WindowState = { ...bounds, maximized: window.isMaximized() };
    try {
      saveWindowState(opts.stateFile, next);
    } catch (error) {
      console.warn('loupe: could not save the window state:', error);
    }
  });

  if (opts.target.kind === 'url') void window.loadURL(opts.target.url);
  else void window.loadFile(opts.target.file);
  return window;
}
