// The packaged desktop app holds only what electron-builder.yml's `files` list: every script the app starts at run
// time must be on it. The model process's script is built into dist/ (scripts/build-node.mjs), outside electron-vite's
// out/, and was missing: the packaged app could not have started its models.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultWorkerScript, heicThreadScript } from '../../src/main/engine/paths.js';
import { bundledPlaceFile } from '../../src/main/engine/places/place-data.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

/** The `files:` entries of electron-builder.yml (a flat list of globs; `!` excludes). */
function packagedFiles(): string[] {
  const lines = fs.readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8').split('\n');
  const start = lines.indexOf('files:');
  const entries: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const m = /^\s+-\s+'?([^']+?)'?\s*$/.exec(line);
    if (m) entries.push(m[1]);
  }
  return entries;
}

describe('the packaged app', () => {
  it("ships the scripts the main process starts: the model process's and the HEIC decoder's thread", () => {
    const files = packagedFiles();
    expect(files).toContain('out/**');
    for (const script of [defaultWorkerScript(), heicThreadScript()]) {
      expect(files).toContain(path.relative(REPO_ROOT, script).split(path.sep).join('/'));
    }
  });

  it('ships the place data the places stage reads, and its sources\' notice (CLDR\'s licence asks for it with the data)', () => {
    // read at packageRoot()/resources/places (place-data.ts): inside the app's asar, which Electron's fs reads
    const files = packagedFiles();
    for (const file of [bundledPlaceFile(), path.join(path.dirname(bundledPlaceFile()), 'NOTICE.md')]) {
      expect(fs.existsSync(file)).toBe(true);
      const rel = path.relative(REPO_ROOT, file).split(path.sep).join('/');
      expect(files.some((glob) => !glob.startsWith('!') && path.matchesGlob(rel, glob)), rel).toBe(true);
    }
  });
});
