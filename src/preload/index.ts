// Preload script: runs sandboxed (CommonJS, only `electron` is requireable) before the renderer.
// It exposes exactly one global, `window.loupe`, and nothing of Node or Electron itself.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';

contextBridge.exposeInMainWorld('loupe', createBridge(ipcRenderer));
