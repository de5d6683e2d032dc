import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures.js';

// test/ mirrors src/: the tests of src/main/engine/faces are in test/main/engine/faces, so a newcomer finds them
// by the path of the code. Only the folders below are not a place in src/: tests that cross every layer (e2e,
// reliability), the build, the models (scripts/models), the lint rules themselves, and the tests' shared parts.
const CROSS_CUTTING = new Set(['e2e', 'reliability', 'build', 'models', 'lint', 'fixtures', 'helpers']);

function folders(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory())
    .flatMap((e) => [path.join(dir, e.name), ...folders(path.join(dir, e.name))]);
}

describe('test/ mirrors src/', () => {
  it('every test folder outside the cross-cutting ones is a folder of src/', () => {
    const testRoot = path.join(REPO_ROOT, 'test');
    const mirrored = fs.readdirSync(testRoot, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !CROSS_CUTTING.has(e.name))
      .flatMap((e) => [path.join(testRoot, e.name), ...folders(path.join(testRoot, e.name))]);
    expect(mirrored.length).toBeGreaterThan(10);
    const strays = mirrored.map((d) => path.relative(testRoot, d)).filter((rel) => !fs.existsSync(path.join(REPO_ROOT, 'src', rel)));
    expect(strays).toEqual([]);
  });
});
