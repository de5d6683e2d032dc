// `loupe faces`, `loupe people` and search by name as a user runs them, on real photos with the real models: the
// JSON contracts, EXIF orientation, and the user's decisions surviving re-runs (the stage re-running on changed files).
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../../helpers/fixtures.js';
import { runCli } from '../../helpers/run-cli.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'faces');

interface Listing {
  people: { id: number; name: string | null; count: number; faces: { id: number; path: string; box: number[] }[] }[];
  unassigned: { id: number; path: string; box: number[] }[];
}

describe('loupe faces / people', () => {
  const tmp = makeTempDir();
  const lib = path.join(tmp.dir, 'lib');
  const home = path.join(tmp.dir, 'home');
  const run = (...args: string[]) => runCli([...args, '--home', home]);
  const json = <T>(...args: string[]): T => {
    const r = run(...args, '--json');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as T;
  };
  const photo = (name: string) => path.join(lib, name);
  const jesperFiles = ['jesper.jpg', 'jesper-mirror.jpg', 'jesper-dark.jpg', 'jesper-crop.jpg', 'jesper-rotated.jpg'];
  const personOf = (listing: Listing, file: string) => listing.people.find((p) => p.faces.some((f) => f.path === photo(file)));

  beforeAll(async () => {
    fs.mkdirSync(lib, { recursive: true });
    const src = path.join(FIXTURES, 'jesper-2.jpg');
    fs.copyFileSync(src, photo('jesper.jpg'));
    await sharp(src).flop().jpeg({ quality: 88 }).toFile(photo('jesper-mirror.jpg'));
    await sharp(src).modulate({ brightness: 0.75 }).resize(480).jpeg({ quality: 80 }).toFile(photo('jesper-dark.jpg'));
    await sharp(src).extract({ left: 120, top: 40, width: 360, height: 300 }).resize(540).jpeg({ quality: 90 }).toFile(photo('jesper-crop.jpg'));
    // stored sideways with EXIF orientation 6 ("rotate 90° clockwise to display"): displays as jesper.jpg does
    await sharp(src).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toFile(photo('jesper-rotated.jpg'));
    fs.copyFileSync(path.join(FIXTURES, 'anne-helene.jpg'), photo('anne.jpg'));
    fs.copyFileSync(path.join(FIXTURES, 'qt-logo.jpg'), photo('group.jpg'));
    expect(run('add', lib).code).toBe(0);
    const r = run('index');
    expect(r.code, r.stderr).toBe(0);
  }, 300_000);
  afterAll(() => tmp.cleanup());

  it('groups the photos of one man into one person, his face in the group photo too, and lists every face once', () => {
    const listing = json<Listing>('people');
    const jesper = personOf(listing, 'jesper.jpg');
    expect(jesper).toBeDefined();
    expect(jesper!.faces.map((f) => path.basename(f.path)).sort()).toEqual([...jesperFiles, 'group.jpg'].sort());
    expect(jesper!.count).toBe(6);
    // in the group photo he is the man in the middle (the album's own face region: x 342-490 of 800 px, i.e.
    // 239-343 in this 560 px copy)
    const inGroup = jesper!.faces.find((f) => f.path === photo('group.jpg'))!;
    expect(inGroup.box[0] + inGroup.box[2] / 2).toBeGreaterThan(239);
    expect(inGroup.box[0] + inGroup.box[2] / 2).toBeLessThan(343);
    expect(jesper!.name).toBeNull();
    // nobody else appears three times: no other person
    expect(listing.people).toHaveLength(1);
    // every face of every photo is in exactly one of people / unassigned
    const listed = [...listing.people.flatMap((p) => p.faces), ...listing.unassigned].map((f) => f.id);
    expect(new Set(listed).size).toBe(listed.length);
    let onPhotos = 0;
    for (const file of fs.readdirSync(lib)) onPhotos += json<{ faces: unknown[] }>('faces', photo(file)).faces.length;
    expect(listed.length).toBe(onPhotos);
    expect(listing.unassigned.filter((f) => f.path === photo('group.jpg')).length).toBeGreaterThanOrEqual(2);
  });

  it('gives boxes in pixels of the photo as displayed, EXIF orientation applied', () => {
    const upright = json<{ path: string; faces: { id: number; box: number[]; person: number | null; name: string | null; confidence: number | null }[] }>('faces', photo('jesper.jpg'));
    const rotated = json<typeof upright>('faces', photo('jesper-rotated.jpg'));
    expect(upright.path).toBe(photo('jesper.jpg'));
    expect(Object.keys(upright.faces[0]).sort()).toEqual(['box', 'confidence', 'id', 'name', 'person']);
    expect(upright.faces).toHaveLength(1);
    // the id is the one `people --json` lists (what remove-face, not, assign take), and the text output says it
    const listing = json<Listing>('people', '--all');
    const listed = [...listing.people.flatMap((p) => p.faces), ...listing.unassigned].filter((f) => f.path === photo('jesper.jpg'));
    expect(upright.faces[0].id).toBe(listed[0].id);
    expect(run('faces', photo('jesper.jpg')).stdout).toContain(`face ${listed[0].id}  ${upright.faces[0].box.join(',')}`);
    expect(rotated.faces).toHaveLength(1);
    for (let i = 0; i < 4; i++) expect(Math.abs(rotated.faces[0].box[i] - upright.faces[0].box[i])).toBeLessThan(12);
    expect(rotated.faces[0].person).toBe(upright.faces[0].person);
    expect(upright.faces[0].confidence).toBeGreaterThan(0.6);
  });

  it('names a person in any language, finds them by search, alone or with other terms', () => {
    const jesper = personOf(json<Listing>('people'), 'jesper.jpg')!;
    expect(run('people', 'name', String(jesper.id), '耶斯佩尔', 'Jesper').code).toBe(0);
    expect(personOf(json<Listing>('people'), 'jesper.jpg')!.name).toBe('耶斯佩尔 Jesper');
    const all = json<{ results: { path: string }[] }>('search', '耶斯佩尔');
    expect(all.results.map((r) => path.basename(r.path)).sort()).toEqual([...jesperFiles, 'group.jpg'].sort());
    const combined = json<{ results: { path: string }[] }>('search', 'jesper', 'mirror');
    expect(combined.results.map((r) => path.basename(r.path))).toEqual(['jesper-mirror.jpg']);
  });

  it('keeps a split, a merge, a removed face and a name through re-runs on changed files', async () => {
    let listing = json<Listing>('people');
    const jesper = personOf(listing, 'jesper.jpg')!;
    const mirrorFace = jesper.faces.find((f) => f.path === photo('jesper-mirror.jpg'))!;
    const darkFace = jesper.faces.find((f) => f.path === photo('jesper-dark.jpg'))!;
    const split = json<{ id: number }>('people', 'split', String(jesper.id), '--faces', String(mirrorFace.id), String(darkFace.id));
    expect(split.id).not.toBe(jesper.id);
    const anneFace = listing.unassigned.find((f) => f.path === photo('anne.jpg'))!;
    expect(run('people', 'remove-face', String(anneFace.id)).code).toBe(0);

    // the files change (re-encoded), so the face stage runs on them again; a new photo of him arrives too
    for (const f of ['jesper-mirror.jpg', 'jesper.jpg', 'anne.jpg']) {
      const bytes = await sharp(photo(f)).jpeg({ quality: 93 }).toBuffer();
      fs.writeFileSync(photo(f), bytes);
    }
    await sharp(path.join(FIXTURES, 'jesper-2.jpg')).resize(500).jpeg({ quality: 85 }).toFile(photo('jesper-small.jpg'));
    const r = run('index');
    expect(r.code, r.stderr).toBe(0);

    listing = json<Listing>('people');
    const after = listing.people.find((p) => p.id === jesper.id)!;
    expect(after.name).toBe('耶斯佩尔 Jesper');
    const files = after.faces.map((f) => path.basename(f.path)).sort();
    expect(files).toEqual(['group.jpg', 'jesper-crop.jpg', 'jesper-rotated.jpg', 'jesper.jpg']);
    // the new photo looks like both him and the faces split off him: grouping does not guess, it suggests
    const small = listing.unassigned.find((f) => f.path === photo('jesper-small.jpg'))!;
    expect(small).toBeDefined();
    const { suggestions } = json<{ suggestions: { faceId: number; person: number; confidence: number }[] }>('people', 'suggestions');
    const suggested = suggestions.find((x) => x.faceId === small.id)!;
    expect(suggested.person).toBe(jesper.id);
    expect(suggested.confidence).toBeGreaterThan(0.6);
    expect(run('people', 'assign', String(small.id), String(jesper.id)).code).toBe(0);
    const moved = listing.people.find((p) => p.id === split.id)!;
    expect(moved.faces.map((f) => f.id).sort()).toEqual([mirrorFace.id, darkFace.id].sort());
    expect([...listing.people.flatMap((p) => p.faces), ...listing.unassigned].some((f) => f.path === photo('anne.jpg'))).toBe(false);

    // merging brings them back together, under the name
    expect(run('people', 'merge', String(jesper.id), String(split.id)).code).toBe(0);
    listing = json<Listing>('people');
    expect(listing.people).toHaveLength(1);
    expect(listing.people[0].faces).toHaveLength(7);
    expect(listing.people[0].name).toBe('耶斯佩尔 Jesper');

    // hidden: left out of the text listing unless --all; the JSON keeps every face in one of its lists, so it lists
    // the hidden person, marked
    expect(run('people', 'hide', String(jesper.id)).code).toBe(0);
    expect(run('people').stdout).not.toContain('耶斯佩尔');
    expect(run('people', '--all').stdout).toMatch(/耶斯佩尔 Jesper .*\(hidden\)/);
    const hidden = json<{ people: { id: number; hidden?: boolean; faces: unknown[] }[] }>('people');
    expect(hidden.people.find((p) => p.id === jesper.id)).toMatchObject({ hidden: true, faces: expect.any(Array) });
    expect(hidden.people.find((p) => p.id === jesper.id)?.faces).toHaveLength(7);
    // and out of search: his name with another word finds nothing (it found that word's photos, as if they were his)
    expect(json<{ results: unknown[] }>('search', '耶斯佩尔').results).toEqual([]);
    expect(json<{ results: unknown[] }>('search', 'mirror').results).toHaveLength(1);
    expect(json<{ results: unknown[] }>('search', '耶斯佩尔 mirror').results).toEqual([]);
    expect(run('people', 'unhide', String(jesper.id)).code).toBe(0);
    expect(json<{ people: { id: number; hidden?: boolean }[] }>('people', '--all').people.find((p) => p.id === jesper.id)?.hidden).toBeUndefined();
  }, 300_000);

  it('rejects bad ids and arguments clearly', () => {
    const r = run('people', 'name', '99999', 'Nobody');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no person 99999/);
    expect(run('people', 'split', 'x', '--faces', '1').code).toBe(2);
    expect(run('people', 'frobnicate').code).toBe(2);
    // a drawn face must be on the photo (displayed pixels): a mistyped box adds no phantom face
    const before = json<Listing>('people', '--all');
    const off = run('people', 'add-face', photo('anne.jpg'), '--box', '5000,5000,60,60');
    expect(off.code).toBe(1);
    expect(off.stderr).toMatch(/5000,5000,60,60 is not on the photo \(\d+ × \d+ pixels/);
    expect(json<Listing>('people', '--all')).toEqual(before);
  });

  it('names a face that grouping left alone (people name-face), so search finds it', () => {
    const before = json<Listing>('people', '--all');
    const stranger = before.unassigned.find((f) => f.path === photo('group.jpg'))!;
    expect(stranger).toBeDefined();
    // the listing tells the user how
    expect(run('people').stdout).toContain('loupe people name-face <face-id> <name>');
    const named = json<{ face: number; person: number; name: string }>('people', 'name-face', String(stranger.id), 'Anna', '安娜');
    expect(named).toMatchObject({ face: stranger.id, name: 'Anna 安娜' });
    const after = json<Listing>('people', '--all');
    const anna = after.people.find((p) => p.id === named.person)!;
    expect(anna).toMatchObject({ name: 'Anna 安娜', count: 1 });
    expect(anna.faces.map((f) => f.id)).toEqual([stranger.id]);
    expect(after.unassigned.some((f) => f.id === stranger.id)).toBe(false);
    expect(json<{ results: { path: string }[] }>('search', '安娜').results.map((r) => r.path)).toEqual([photo('group.jpg')]);
    expect(run('people', 'name-face', String(stranger.id)).code).toBe(2);
  });
});
