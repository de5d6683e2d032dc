// Builds the plain-Node parts of Loupe (the CLI, `loupe serve` and the embedding worker) into dist/.
// Runs on `npm install` (the "prepare" script) so that `bin/loupe.js` works right after install.
// Native and heavy packages stay external: they load from node_modules at run time.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

await build({
  absWorkingDir: root,
  entryPoints: {
    cli: 'src/main/cli/main.ts',
    'embedding-worker': 'src/main/worker/embedding-worker.ts',
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
