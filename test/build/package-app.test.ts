// Packaging must never rebuild native modules for Electron inside the checkout (it would break the Node
// build every test and the CLI use): every step after the clone runs in the staging copy.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures.js';

const { packagingPlan } = (await import(pathToFileURL(path.join(REPO_ROOT, 'scripts', 'package-app.mjs')).href)) as {
  packagingPlan(root: string, staging: string, flags: string[]): { cmd: string; args: string[]; cwd: string }[];
};

describe('npm run package:app', () => {
  const staging = path.join('/tmp', 'loupe-package-x', 'app');
  const plan = packagingPlan(REPO_ROOT, staging, ['--linux']);

  it('clones the committed tree and rebuilds for Electron only in the clone', () => {
    expect(plan[0]).toMatchObject({ cmd: 'git', cwd: REPO_ROOT });
    expect(plan[0].args).toContain(staging);
    const rebuild = plan.find((s) => s.args.includes('install-app-deps'));
    expect(rebuild?.cwd).toBe(staging);
    for (const step of plan.slice(1)) expect(step.cwd).toBe(staging);
    expect(plan.at(-1)!.args).toContain('--linux');
  });

  it('is not wired to any npm lifecycle script', async () => {
    const pkg = (await import(pathToFileURL(path.join(REPO_ROOT, 'package.json')).href, { with: { type: 'json' } })).default as { scripts: Record<string, string> };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare', 'pretest', 'test']) {
      expect(pkg.scripts[hook] ?? '', hook).not.toMatch(/package-app|install-app-deps|electron-rebuild/);
    }
    expect(pkg.scripts['package:app']).toBe('node scripts/package-app.mjs');
  });
});
