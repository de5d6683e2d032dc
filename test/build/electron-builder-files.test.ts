// The packaged desktop app holds only what electron-builder.yml's `files` list: every script the app starts at run
// time must be on it. The model process's script is built into dist/ (scripts/build-node.mjs), outside electron-vite's
// out/, and was missing: the packaged app could not have started its models.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultWorkerScript, heicThreadScript } from '../../src/main/engine/paths.js';
import { bundledPlaceFile } from '../../src/main/engine/places/place-data.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

/** The entries of one flat list of electron-builder.yml (`files:`, `asarUnpack:`: globs; `!` excludes). */
function packagedFiles(list = 'files'): string[] {
  const lines = fs.readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8').split('\n');
  const start = lines.indexOf(`${list}:`);
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

/** A glob of electron-builder's lists as a regular expression (`*` within a name, `/**` for all below). */
function globRegExp(glob: string): RegExp {
  const body = glob.split('/**')[0].split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
  return new RegExp(`^${body}(/.*)?$`);
}

/** Whether a folder holds a native addon (a `.node` file) anywhere below it. */
function holdsNativeAddon(dir: string): boolean {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((f) => f.endsWith('.node'));
}

describe('native addons in the packaged app', () => {
  it('are unpacked from the asar, every one the app installs (a .node file cannot be loaded from inside it)', () => {
    // the production packages, as the lockfile records them (devDependencies are marked dev and not packaged)
    const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const native = Object.entries(lock.packages)
      .filter(([where, p]) => where.startsWith('node_modules/') && !p.dev && !where.includes('/node_modules/', 1))
      .map(([where]) => where)
      .filter((where) => fs.existsSync(path.join(REPO_ROOT, where)) && holdsNativeAddon(path.join(REPO_ROOT, where)));
    expect(native).toEqual(expect.arrayContaining(['node_modules/better-sqlite3', 'node_modules/onnxruntime-node']));
    const unpacked = packagedFiles('asarUnpack').map(globRegExp);
    expect(native.filter((where) => !unpacked.some((re) => re.test(where)))).toEqual([]);
  });
});
