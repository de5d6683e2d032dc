// Preload script: runs sandboxed (CommonJS, only `electron` is requireable) before the renderer.
// It exposes exactly one global, `window.loupe`, and nothing of Node or Electron itself.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge } from './bridge.js';

contextBridge.exposeInMainWorld('loupe', {
  ...createBridge(ipcRenderer),
  // Sandboxed pages no longer see File.path (Electron 32+): the preload asks webUtils instead. The path is only
  // a suggestion to the backend's addFolder, which checks it like any typed path.
  pathForFile: (file: unknown): string | null => {
    try {
      return webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]) || null;
    } catch {
      return null;
    }
  },
});
