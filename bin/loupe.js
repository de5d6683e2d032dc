#!/usr/bin/env node
// Entry point of the `loupe` command. The TypeScript sources are bundled into dist/ on `npm install`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error('loupe: dist/cli.js is missing. Run `npm install` (or `npm run build:node`) in the Loupe folder first.');
  process.exit(1);
}
// `loupe duplicates | head`: the reader left early. The command still finishes what it does (a clean-up, an index
// run); only its further output goes nowhere, as with other command-line tools, instead of a crash with a stack trace.
process.stdout.on('error', (err) => {
  if (err.code !== 'EPIPE') throw err;
});
const { runProcess } = await import(cli.href);
process.exitCode = await runProcess(process.argv.slice(2));
