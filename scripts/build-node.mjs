// Builds the plain-Node parts of Loupe (the CLI, `loupe serve` and the embedding worker) into dist/,
// then the app with electron-vite into out/ (the renderer there is the UI `loupe serve` hosts).
// Runs on `npm install` (the "prepare" script) so that `bin/loupe.js` and `loupe serve` work right after
// install. Native and heavy packages stay external: they load from node_modules at run time.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

await build({
  absWorkingDir: root,
  entryPoints: {
    cli: 'src/main/cli/main.ts',
    'embedding-worker': 'src/main/worker/embedding-worker.ts',
    'heic-thread': 'src/main/engine/media/heic-thread.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  outExtension: { '.js': '.js' },
  logLevel: 'warning',
});

// A few seconds; the Electron binary is not needed to build (only its types).
execFileSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
