// People named in the files themselves (XMP face regions written by digiKam / Lightroom / Windows) become named
// people at indexing, even when seen once, and are found by search.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../../helpers/fixtures.js';
import { runCli } from '../../helpers/run-cli.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'faces');
const RDF = (body: string) => `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
 xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#" xmlns:MP="http://ns.microsoft.com/photo/1.2/"
 xmlns:MPRI="http://ns.microsoft.com/photo/1.2/t/RegionInfo#" xmlns:MPReg="http://ns.microsoft.com/photo/1.2/t/Region#">${body}</rdf:Description></rdf:RDF></x:xmpmeta>`;

describe('loupe people: names from XMP face regions', () => {
  const tmp = makeTempDir();
  const lib = path.join(tmp.dir, 'lib');
  const home = path.join(tmp.dir, 'home');
  const run = (...args: string[]) => runCli([...args, '--home', home]);

  beforeAll(async () => {
    fs.mkdirSync(lib, { recursive: true });
    // digiKam-style MWG region (centred area) on his face
    await sharp(path.join(FIXTURES, 'jesper-2.jpg')).withXmp(RDF(`<mwg-rs:Regions rdf:parseType="Resource"><mwg-rs:RegionList><rdf:Bag><rdf:li>
      <rdf:Description mwg-rs:Name="Jesper Pedersen" mwg-rs:Type="Face"><mwg-rs:Area stArea:x="0.49" stArea:y="0.48" stArea:w="0.36" stArea:h="0.54" stArea:unit="normalized"/></rdf:Description>
      </rdf:li></rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>`)).toFile(path.join(lib, 'a.jpg'));
    // the same photo at 1800 px: larger than the 1280 px the models read, so boxes must be scaled back to it
    const large = await sharp(path.join(lib, 'a.jpg')).resize(1800).jpeg({ quality: 90 }).toBuffer();
    await sharp(large).withXmp(RDF(`<mwg-rs:Regions rdf:parseType="Resource"><mwg-rs:RegionList><rdf:Bag><rdf:li>
      <rdf:Description mwg-rs:Name="Jesper Pedersen" mwg-rs:Type="Face"><mwg-rs:Area stArea:x="0.49" stArea:y="0.48" stArea:w="0.36" stArea:h="0.54" stArea:unit="normalized"/></rdf:Description>
      </rdf:li></rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>`)).toFile(path.join(lib, 'c.jpg'));
    // Windows Photo Gallery-style region (top-left rectangle) on hers
    await sharp(path.join(FIXTURES, 'donna-2.jpg')).withXmp(RDF(`<MP:RegionInfo rdf:parseType="Resource"><MPRI:Regions><rdf:Bag>
      <rdf:li MPReg:PersonDisplayName="唐娜" MPReg:Rectangle="0.436, 0.371, 0.216, 0.288"/></rdf:Bag></MPRI:Regions></MP:RegionInfo>`)).toFile(path.join(lib, 'b.jpg'));
    expect(run('add', lib).code).toBe(0);
    const r = run('index');
    expect(r.code, r.stderr).toBe(0);
  }, 300_000);
  afterAll(() => tmp.cleanup());

  it('makes named people of the regions, on the faces the detector found', () => {
    const { people, unassigned } = JSON.parse(run('people', '--json').stdout);
    const byName = new Map(people.map((p: { name: string }) => [p.name, p]));
    const jesper = byName.get('Jesper Pedersen') as { count: number; faces: { path: string; box: number[] }[] };
    const donna = byName.get('唐娜') as typeof jesper;
    expect(jesper.faces.map((f) => path.basename(f.path))).toEqual(['a.jpg', 'c.jpg']);
    expect(donna.faces.map((f) => path.basename(f.path))).toEqual(['b.jpg']);
    // the detector's box, not a second face from the region
    expect(unassigned).toEqual([]);
    // boxes in the pixels of each photo as displayed: the large copy's box is the small one's, scaled
    const [small, large] = jesper.faces.map((f) => f.box);
    const k = 1800 / 560;
    for (let i = 0; i < 4; i++) expect(Math.abs(large[i] - small[i] * k)).toBeLessThan(0.12 * small[2] * k);
    const search = JSON.parse(run('search', '唐娜', '--json').stdout);
    expect(search.results.map((r: { path: string }) => path.basename(r.path))).toEqual(['b.jpg']);
  });
});
