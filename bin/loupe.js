#!/usr/bin/env node
// Entry point of the `loupe` command. The TypeScript sources are bundled into dist/ on `npm install`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error('loupe: dist/cli.js is missing. Run `npm install` (or `npm run build:node`) in the Loupe folder first.');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
