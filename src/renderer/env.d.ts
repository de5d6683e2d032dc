/// <reference types="vite/client" />
import type { LoupeBridge } from '../shared/api.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the UI runs in a plain browser (`loupe serve`). */
    readonly loupe?: LoupeBridge;
  }
}

export {};
