// `npm start`: builds and opens the desktop app when Electron's binary is installed, and otherwise
// says how to use Loupe without it. Never calls require('electron') or its installer: on a machine
// without the binary (CI, a server, a locked-down network) that would start a download.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * The Electron executable the `electron` package installed, or null. Same lookup as the package's own
 * index.js (path.txt names the binary inside dist/), minus its download-on-miss.
 */
export function findElectronBinary(electronDir) {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (!relative) return null;
  const binary = path.join(electronDir, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

export const NO_ELECTRON_HINT = [
  "Electron isn't installed on this machine, so the desktop window can't open.",
  'Use `npx loupe serve` to open Loupe in a browser instead.',
  '(To get the desktop app, install the Electron binary: `npx install-electron`, then `npm start` again.)',
].join('\n');

function main() {
  const electronDir = process.env.LOUPE_ELECTRON_DIR ?? path.join(root, 'node_modules', 'electron');
  const binary = findElectronBinary(electronDir);
  if (!binary) {
    console.error(NO_ELECTRON_HINT);
    return Promise.resolve(1);
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.error('No graphical display here (DISPLAY and WAYLAND_DISPLAY are unset), so the desktop window cannot open.');
    console.error('Use `npx loupe serve` to open Loupe in a browser instead.');
    return Promise.resolve(1);
  }
  // `preview` builds out/ first and then starts Electron on it, i.e. the app as users get it.
  const cli = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const child = spawn(process.execPath, [cli, 'preview', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_EXEC_PATH: binary },
  });
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
    child.on('error', (error) => {
      console.error(`Could not start electron-vite: ${error.message}`);
      resolve(1);
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
