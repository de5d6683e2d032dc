// `npm run package:app [-- --linux|--mac|--win]`: builds the desktop installers (electron-builder.yml).
//
// better-sqlite3 must be rebuilt for Electron's ABI before the app can load it, and that rebuild rewrites
// node_modules in place, which would break the Node build the CLI, `loupe serve` and `npm test` use. So
// this never touches the checkout's node_modules: it clones the committed tree into a staging folder,
// installs there, rebuilds there (electron-builder install-app-deps, which downloads Electron's headers:
// a machine with internet access is needed) and copies only the installers back into dist-app/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const BUILDER = 'electron-builder@26';

/** The commands, in order, each with the folder it runs in. Pure, so a test can check where they run. */
export function packagingPlan(repoRoot, stagingDir, platformFlags) {
  return [
    { cmd: 'git', args: ['clone', '--quiet', '--local', '--no-hardlinks', repoRoot, stagingDir], cwd: repoRoot },
    // npm ci runs "prepare": the CLI bundle and electron-vite's out/ are built in the staging copy
    { cmd: 'npm', args: ['ci', '--no-audit', '--no-fund'], cwd: stagingDir },
    { cmd: 'npx', args: ['--yes', BUILDER, 'install-app-deps'], cwd: stagingDir },
    { cmd: 'npx', args: ['--yes', BUILDER, ...platformFlags, '--publish', 'never'], cwd: stagingDir },
  ];
}

function main() {
  const flags = process.argv.slice(2).filter((a) => ['--linux', '--mac', '--win'].includes(a));
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-package-'));
  const appDir = path.join(staging, 'app');
  try {
    for (const step of packagingPlan(root, appDir, flags)) {
      console.log(`$ (${step.cwd}) ${step.cmd} ${step.args.join(' ')}`);
      execFileSync(step.cmd, step.args, { cwd: step.cwd, stdio: 'inherit' });
    }
    fs.cpSync(path.join(appDir, 'dist-app'), path.join(root, 'dist-app'), { recursive: true });
    console.log(`Installers are in ${path.join(root, 'dist-app')}`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
