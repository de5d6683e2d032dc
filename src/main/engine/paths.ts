import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MANIFEST_FILE } from './models/manifest.js';

/** The Loupe package folder (holding package.json), found from this module whether it runs from src/ (tests)
 *  or from the dist/ bundle (the installed CLI). */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'loupe') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the Loupe package folder');
    dir = parent;
  }
}

/** The embedding worker script built by `npm install` (scripts/build-node.mjs). */
export function defaultWorkerScript(): string {
  return path.join(packageRoot(), 'dist', 'embedding-worker.js');
}

/** The HEIC decoder's worker thread, built beside it (media/heic-decoder.ts). */
export function heicThreadScript(): string {
  return path.join(packageRoot(), 'dist', 'heic-thread.js');
}

/** The PCA whitening find-similar uses until a library has its own, in the bundled models folder. */
export const DEFAULT_WHITENING_FILE = 'whitening-default.bin';

/** The bundled ONNX models and their manifest. In the packaged desktop app they lie beside its asar, at
 *  `process.resourcesPath/models` (electron-builder.yml's extraResources: onnxruntime reads a model by path, which an
 *  asar cannot give), while packageRoot() is the asar itself; elsewhere (a checkout, the CLI, `npm start`, whose
 *  resourcesPath is Electron's own folder) under the package's resources/. */
export function bundledModelsDir(resourcesPath = (process as { resourcesPath?: string }).resourcesPath): string {
  const packaged = resourcesPath ? path.join(resourcesPath, 'models') : null;
  if (packaged && fs.existsSync(path.join(packaged, MANIFEST_FILE))) return packaged;
  return path.join(packageRoot(), 'resources', 'models');
}
