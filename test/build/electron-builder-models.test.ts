// The packaged app's models folder holds what electron-builder.yml's extraResources filter lets through. It must be the
// files the app opens (engine/models/app-models.ts): one left out and the app cannot tag, embed, find faces or read text;
// one more is weight in every installer (the float reference models are 40 MB). Packaging itself cannot run here
// (electron-builder downloads Electron), so the config is read and a folder holding only its files is opened as the app
// opens it.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_MODEL_IDS, appModelFiles } from '../../src/main/engine/models/app-models.js';
import { findModel, loadManifest } from '../../src/main/engine/models/manifest.js';
import { DEFAULT_WHITENING_FILE, bundledModelsDir } from '../../src/main/engine/paths.js';
import { textModelsDir } from '../../src/main/engine/text/text-models.js';
import { ModelRunner } from '../../src/main/worker/model-runner.js';
import { FaceRunner } from '../../src/main/worker/faces/face-runner.js';
import { TextRunner } from '../../src/main/worker/text/text-runner.js';
import { REPO_ROOT, makeTempDir } from '../helpers/fixtures.js';

interface ExtraResource { from: string; to: string; filter: string[] }

/** electron-builder.yml's `extraResources:` entries (from, to and a flat filter list; the file is written that way). */
function extraResources(): ExtraResource[] {
  const lines = fs.readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8').split('\n');
  const entries: ExtraResource[] = [];
  let inFilter = false;
  for (const line of lines.slice(lines.indexOf('extraResources:') + 1)) {
    if (/^\S/.test(line)) break;
    const from = /^\s+-\s+from:\s+(\S+)/.exec(line);
    const key = /^\s+(to|filter):\s*(\S*)/.exec(line);
    const item = /^\s+-\s+'?([^']+?)'?\s*$/.exec(line);
    if (from) {
      entries.push({ from: from[1], to: '', filter: [] });
      inFilter = false;
    } else if (key) {
      if (key[1] === 'to') entries.at(-1)!.to = key[2];
      inFilter = key[1] === 'filter';
    } else if (item && inFilter) {
      entries.at(-1)!.filter.push(item[1]);
    }
  }
  return entries;
}

const modelsEntry = () => {
  const entry = extraResources().find((e) => e.to === 'models');
  expect(entry, 'an extraResources entry copying the models folder to models').toBeDefined();
  return entry!;
};

const GLOB: Record<string, string> = { '**/': '(?:.*/)?', '**': '.*', '*': '[^/]*', '?': '[^/]' };

/** A filter pattern as a regular expression: `*`, `**` and `?` as electron-builder's minimatch ({ dot: true }) reads them. */
function globRegex(pattern: string): RegExp {
  if (/[[\]{}]/.test(pattern)) throw new Error(`${pattern}: brackets and braces are not read by this test; name the files`);
  const body = pattern
    .split(/(\*\*\/|\*\*|\*|\?)/)
    .map((part) => GLOB[part] ?? part.replace(/[.+^$()|\\]/g, '\\$&'))
    .join('');
  return new RegExp(`^${body}$`);
}

/** The files of `from` that the filter lets through, relative to it with '/' separators. */
function shipped(entry: ExtraResource): string[] {
  const root = path.resolve(REPO_ROOT, entry.from);
  const all = fs.readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => fs.statSync(path.join(root, f)).isFile());
  // as electron-builder's FileMatcher and minimatchAll: no pattern to include means '**/*' first; each later pattern
  // includes (or, with '!', excludes) what it matches
  const patterns = entry.filter.some((p) => !p.startsWith('!')) ? entry.filter : ['**/*', ...entry.filter];
  const rules = patterns.map((p) => ({ negate: p.startsWith('!'), re: globRegex(p.replace(/^!/, '')) }));
  const matches = (f: string) => rules.reduce((match, r) => (match === r.negate ? r.re.test(f) !== r.negate : match), false);
  return all.filter(matches).sort();
}

describe('the packaged app’s models', () => {
  it('are exactly the files the app opens', async () => {
    const entry = modelsEntry();
    expect(path.resolve(REPO_ROOT, entry.from)).toBe(bundledModelsDir());
    const manifest = await loadManifest(bundledModelsDir());
    expect(shipped(entry)).toEqual(appModelFiles(manifest).sort());
  });

  describe('a models folder holding only those files', () => {
    let tmp: ReturnType<typeof makeTempDir>;
    /** where the packaged app has them: <process.resourcesPath>/<the entry's `to`> */
    let dir: string;

    beforeAll(() => {
      tmp = makeTempDir('loupe-packaged-models-');
      dir = path.join(tmp.dir, modelsEntry().to);
      for (const file of shipped(modelsEntry())) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.copyFileSync(path.join(bundledModelsDir(), file), path.join(dir, file));
      }
    });

    afterAll(() => tmp?.cleanup());

    it('opens the model process’s models, the face models and the text models', async () => {
      const models = await ModelRunner.create({ modelDirs: [dir], provider: 'cpu', threads: 1 });
      for (const m of models.report.models) expect(APP_MODEL_IDS).toContain(m.id);
      await models.release();
      const faces = await FaceRunner.create(dir, ['cpu'], 1);
      await faces.release();
      const text = await TextRunner.create(textModelsDir(dir), ['cpu'], 1, 1);
      await text.release();
      // the pose model is opened on a profile look only; the whitening is read by find-similar
      const manifest = await loadManifest(dir);
      for (const id of APP_MODEL_IDS) expect(fs.existsSync(path.join(dir, findModel(manifest, id).file)), id).toBe(true);
      expect(fs.existsSync(path.join(dir, DEFAULT_WHITENING_FILE))).toBe(true);
    });
  });
});
