// Build of the desktop app: main (Node, ESM), preload (sandboxed, so CommonJS) and renderer (Vue).
// The plain-Node CLI/server/worker are built separately by scripts/build-node.mjs.
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from './src/main/electron/csp.js';

/**
 * Packages the main process loads from node_modules at run time instead of bundling: native addons
 * (their .node binaries cannot be bundled and are rebuilt for Electron's ABI when packaging), and
 * the engine's heavy libraries that load WASM/binary files relative to their own folder.
 * electron-builder.yml unpacks the same list from the asar.
 */
export const MAIN_EXTERNALS = [
  'better-sqlite3',
  'sharp',
  'onnxruntime-node',
  'hnswlib-node',
  '@parcel/watcher',
  'exifr',
  'libheif-js',
  'trash',
] as const;

/** Matches a package and its subpaths (e.g. `sharp` and `sharp/lib/...`). */
const externalPattern = new RegExp(`^(${MAIN_EXTERNALS.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(/.*)?$`);

/**
 * While `electron-vite dev` serves the renderer, Vite injects component styles as <style> elements,
 * which the strict policy blocks; relax style-src in the served page only. Built HTML keeps the policy.
 */
function devCspPlugin(): Plugin {
  return {
    name: 'loupe:dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(CONTENT_SECURITY_POLICY, devContentSecurityPolicy());
    },
  };
}

export default defineConfig({
  main: {
    build: {
      // Our list on top of electron-vite's default (everything in package.json "dependencies"), so a
      // native module moved to devDependencies by mistake still is not bundled.
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: 'src/main/electron/main.ts' },
        external: [externalPattern],
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can `require('electron')` and nothing else from node_modules: bundle
      // every dependency (src/shared included) into the one file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: 'src/preload/index.ts' },
        output: {
          // Sandboxed preloads are run as classic scripts, never as ES modules.
          format: 'cjs',
          // .cjs so Node never reads it as ESM under this package's "type": "module".
          entryFileNames: '[name].cjs',
        },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    build: {
      rolldownOptions: {
        input: { index: 'src/renderer/index.html' },
      },
    },
    plugins: [vue(), devCspPlugin()],
  },
});
