import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caltechSample, copyPhotos, makeTempDir } from '../../helpers/fixtures.js';
import { runCli } from '../../helpers/run-cli.js';

describe('loupe tags / tag / search / eval tags (JSON contracts, real models)', () => {
  let tmp: { dir: string; cleanup: () => void };
  let lib: string;
  let home: string;
  let photo: string;

  beforeAll(() => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'lib');
    home = path.join(tmp.dir, 'home');
    [photo] = copyPhotos(caltechSample(['Motorbikes'], 3), lib);
    expect(runCli(['add', lib, '--home', home]).code).toBe(0);
    expect(runCli(['index', '--home', home]).code).toBe(0);
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('tags --json lists automatic tags with English and Chinese names, confidence and source, named as in the API', () => {
    const r = runCli(['tags', photo, '--json', '--home', home]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.path).toBe(photo);
    for (const t of out.tags) {
      expect(Object.keys(t).sort()).toEqual(['confidence', 'source', 'tag', 'tagZh']);
      expect(t.source).toBe('auto');
      expect(t.confidence).toBeGreaterThan(0);
    }
  });

  it('tag --add / --remove change user tags; search finds them; bad use exits 1 or 2', () => {
    const added = JSON.parse(runCli(['tag', photo, '--add', '旅行', '--json', '--home', home]).stdout);
    expect(added.tags).toContainEqual({ tag: '旅行', tagZh: null, confidence: null, source: 'user' });
    const found = JSON.parse(runCli(['search', '旅行', '--json', '--home', home]).stdout);
    expect(found.results.map((x: { path: string }) => x.path)).toEqual([photo]);
    expect(found.results[0].score).toBeGreaterThan(0);
    // Without --json: the photos, then how each word was understood (as the search screen says it).
    const said = runCli(['search', '旅行', '--home', home]);
    expect(said.stdout.trim().split('\n')).toEqual([expect.stringContaining(photo), 'Matched: "旅行" tag (1 photo)']);
    expect(found).not.toHaveProperty('words'); // counted only for a search that finds nothing
    // the counts are over every photo found, not only the --limit listed: the 3 photos of the folder, 1 listed
    const limited = runCli(['search', 'lib', '--limit', '1', '--home', home]).stdout.trim().split('\n');
    expect(limited).toHaveLength(2);
    expect(limited[1]).toBe('Matched: "lib" file or folder name (3 photos)');
    // a word that matches nothing in the library is left out of the search, and said to be
    const leftOut = runCli(['search', 'lib', 'zzqx', '--limit', '1', '--home', home]).stdout.trim().split('\n');
    expect(leftOut.slice(1)).toEqual(['Matched: "lib" file or folder name (3 photos)', 'Left out, as nothing in the library matches: "zzqx"']);
    expect(JSON.parse(runCli(['search', 'lib', 'zzqx', '--json', '--home', home]).stdout).ignored).toEqual(['zzqx']);
    // A search of several words that finds nothing says which word emptied it: each with the photos it finds alone.
    expect(runCli(['search', '旅行', '狗', '--home', home]).stdout.trim()).toBe('No photos match all of: 旅行 (1 photo) · 狗 (0 photos)');
    expect(JSON.parse(runCli(['search', '旅行 狗', '--json', '--home', home]).stdout)).toEqual({
      results: [],
      words: [{ term: '旅行', photos: 1, kinds: [['tag', 1]] }, { term: '狗', photos: 0, kinds: [] }],
    });

    const removed = JSON.parse(runCli(['tag', photo, '--remove', '旅行', '--json', '--home', home]).stdout);
    expect(removed.tags.map((t: { tag: string }) => t.tag)).not.toContain('旅行');
    expect(JSON.parse(runCli(['search', '旅行', '--json', '--home', home]).stdout).results).toEqual([]);

    const missing = runCli(['tag', photo, '--remove', 'nothing-like-this', '--home', home]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('has no tag');
    expect(runCli(['tag', photo, '--home', home]).code).toBe(2);
    expect(runCli(['tag', photo, '--add', 'a', '--remove', 'b', '--home', home]).code).toBe(2);
  });

  it('status --json says which execution provider ran the models', () => {
    const s = JSON.parse(runCli(['status', '--json', '--home', home]).stdout);
    expect(s.inference.provider).toMatch(/^(cpu|webgpu|dml|coreml|cuda)$/);
    expect(Array.isArray(s.inference.fallbacks)).toBe(true);
  });

  it('eval tags scores per tag in a temporary home and writes predictions, leaving the library alone', () => {
    const evalDir = path.join(tmp.dir, 'eval');
    copyPhotos(caltechSample(['Motorbikes'], 3), path.join(evalDir, 'motorcycle'));
    copyPhotos(caltechSample(['airplanes'], 3), path.join(evalDir, '飞机'));
    copyPhotos(caltechSample(['brain'], 2), path.join(evalDir, 'brain')); // not a tag: negatives only
    const predictions = path.join(tmp.dir, 'pred.jsonl');
    const before = runCli(['status', '--json', '--home', home]).stdout;
    const r = runCli(['eval', 'tags', evalDir, '--predictions', predictions, '--json', '--home', home]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.images).toBe(8);
    expect(report.tags.map((t: { tag: string }) => t.tag)).toEqual(['airplane', 'motorcycle']);
    for (const t of report.tags) {
      expect(t.support).toBe(3);
      expect(t.precision).toBeGreaterThanOrEqual(0);
      expect(t.recall).toBeLessThanOrEqual(1);
    }
    const lines = fs.readFileSync(predictions, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(8);
    expect(lines.map((l) => l.image)).toContain(`brain/${fs.readdirSync(path.join(evalDir, 'brain'))[0]}`);
    for (const l of lines) for (const t of l.tags) expect(t.confidence).toBeGreaterThanOrEqual(report.threshold);
    expect(runCli(['status', '--json', '--home', home]).stdout.replace(/"inference".*/, '')).toBe(before.replace(/"inference".*/, ''));
    expect(runCli(['eval', 'colours', evalDir, '--home', home]).code).toBe(2);
  }, 120_000);
});

describe('loupe similar / eval retrieval (JSON contracts)', () => {
  let tmp: { dir: string; cleanup: () => void };
  let home: string;
  let evalDir: string;

  beforeAll(() => {
    tmp = makeTempDir();
    home = path.join(tmp.dir, 'home');
    evalDir = path.join(tmp.dir, 'classes');
    for (const c of ['ketch', 'watch', 'bonsai']) copyPhotos(caltechSample([c], 4), path.join(evalDir, c));
    expect(runCli(['add', evalDir, '--home', home]).code).toBe(0);
    expect(runCli(['index', '--home', home]).code).toBe(0);
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('similar --json returns the query and scored results, best first, without the query', () => {
    const query = path.join(evalDir, 'ketch', fs.readdirSync(path.join(evalDir, 'ketch'))[0]);
    const r = runCli(['similar', query, '-k', '5', '--json', '--home', home]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.query).toBe(query);
    expect(out.results).toHaveLength(5);
    expect(out.results.map((x: { path: string }) => x.path)).not.toContain(query);
    for (const x of out.results) {
      expect(path.isAbsolute(x.path)).toBe(true);
      expect(x.score).toBeGreaterThanOrEqual(-1);
      expect(x.score).toBeLessThanOrEqual(1);
    }
    expect(runCli(['similar', query, '-k', '0', '--home', home]).code).toBe(2);
  });

  it('eval retrieval --json scores every image against the others and writes relative rankings', () => {
    const ranks = path.join(tmp.dir, 'ranks.jsonl');
    const r = runCli(['eval', 'retrieval', evalDir, '--ranks', ranks, '--json', '--home', home]);
    expect(r.code).toBe(0);
    const scores = JSON.parse(r.stdout);
    expect(Object.keys(scores).sort()).toEqual(['P@1', 'P@10', 'mAP', 'queries']);
    expect(scores.queries).toBe(12);
    // Three visually distinct classes: far better than the 3/11 of chance.
    expect(scores.mAP).toBeGreaterThan(0.5);
    expect(scores['P@1']).toBeGreaterThan(0.6);
    const lines = fs.readFileSync(ranks, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(12);
    for (const l of lines) {
      expect(l.results).toHaveLength(11); // every other image (fewer than 100 exist)
      expect(l.results).not.toContain(l.query);
      expect(l.query).toMatch(/^(ketch|watch|bonsai)\//);
    }
  }, 180_000);
});
