// Where the bundled models are found: in a checkout under resources/models, and in the packaged desktop app where
// electron-builder puts them (extraResources: process.resourcesPath/models, outside the asar that packageRoot() is).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MANIFEST_FILE } from '../../../src/main/engine/models/manifest.js';
import { bundledModelsDir } from '../../../src/main/engine/paths.js';
import { makeTempDir, REPO_ROOT } from '../../helpers/fixtures.js';

/** electron-builder.yml's extraResources entry that copies resources/models: its `to:` folder. */
function packagedModelsFolder(): string | undefined {
  const yml = fs.readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8');
  return /- from: resources\/models\s*\n\s*to: (\S+)/.exec(yml)?.[1];
}

describe('the bundled models folder', () => {
  const tmp = makeTempDir('loupe-resources-');
  afterAll(() => tmp.cleanup());
  const checkout = path.join(REPO_ROOT, 'resources', 'models');

  it('is resources/models in a checkout, and with no resources folder of the app (Node, the CLI)', () => {
    expect(bundledModelsDir(undefined)).toBe(checkout);
    expect(fs.existsSync(path.join(checkout, MANIFEST_FILE))).toBe(true);
  });

  it('is the one electron-builder put beside the packaged app, and not Electron\'s own resources folder', () => {
    const to = packagedModelsFolder();
    expect(to).toBeDefined();
    const resources = path.join(tmp.dir, 'Loupe', 'resources'); // as installed: app.asar and the models beside it
    fs.mkdirSync(path.join(resources, to!), { recursive: true });
    fs.copyFileSync(path.join(checkout, MANIFEST_FILE), path.join(resources, to!, MANIFEST_FILE));
    expect(bundledModelsDir(resources)).toBe(path.join(resources, to!));
    // `npm start`: Electron's resources folder holds no models
    expect(bundledModelsDir(path.join(tmp.dir, 'electron-dist-resources'))).toBe(checkout);
  });
});
