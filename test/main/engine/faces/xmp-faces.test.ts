// Names the files carry: MWG regions (digiKam, Lightroom) and Microsoft RegionInfo, read by exifr from real XMP,
// placed in displayed pixels for every EXIF orientation.
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { orient, readNamedFaceRegions, regionFace } from '../../../../src/main/engine/faces/xmp-faces.js';
import { makeTempDir, REPO_ROOT } from '../../../helpers/fixtures.js';

const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
 xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#" xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#"
 xmlns:MP="http://ns.microsoft.com/photo/1.2/" xmlns:MPRI="http://ns.microsoft.com/photo/1.2/t/RegionInfo#"
 xmlns:MPReg="http://ns.microsoft.com/photo/1.2/t/Region#">
<mwg-rs:Regions rdf:parseType="Resource"><mwg-rs:AppliedToDimensions stDim:w="560" stDim:h="372" stDim:unit="pixel"/>
<mwg-rs:RegionList><rdf:Bag>
 <rdf:li><rdf:Description mwg-rs:Name="Jesper Pedersen" mwg-rs:Type="Face"><mwg-rs:Area stArea:x="0.5" stArea:y="0.5" stArea:w="0.2" stArea:h="0.4" stArea:unit="normalized"/></rdf:Description></rdf:li>
 <rdf:li><rdf:Description mwg-rs:Name="A pet" mwg-rs:Type="Pet"><mwg-rs:Area stArea:x="0.1" stArea:y="0.1" stArea:w="0.1" stArea:h="0.1" stArea:unit="normalized"/></rdf:Description></rdf:li>
</rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>
<MP:RegionInfo rdf:parseType="Resource"><MPRI:Regions><rdf:Bag>
 <rdf:li MPReg:PersonDisplayName="杰斯珀" MPReg:Rectangle="0.25, 0.5, 0.1, 0.2"/>
</rdf:Bag></MPRI:Regions></MP:RegionInfo></rdf:Description></rdf:RDF></x:xmpmeta>`;

describe('XMP face regions', () => {
  const tmp = makeTempDir();
  afterAll(() => tmp.cleanup());

  it('reads MWG and Microsoft regions with their names, faces only, in displayed pixels', async () => {
    const file = path.join(tmp.dir, 'named.jpg');
    await sharp(path.join(REPO_ROOT, 'test/fixtures/faces/jesper-2.jpg')).withXmp(XMP).toFile(file);
    const regions = await readNamedFaceRegions(file, { width: 560, height: 372, orientation: 1 });
    expect(regions.map((r) => r.name)).toEqual(['Jesper Pedersen', '杰斯珀']);
    // MWG: centre 0.5, 0.5, size 0.2 x 0.4 -> top-left 0.4, 0.3
    expect(regions[0].box.map((v) => Math.round(v))).toEqual([224, 112, 112, 149]);
    expect(regions[1].box.map((v) => Math.round(v))).toEqual([140, 186, 56, 74]);
  });

  it('gives nothing, not an error, for a photo without regions or a file that is not a photo', async () => {
    expect(await readNamedFaceRegions(path.join(REPO_ROOT, 'test/fixtures/faces/donna-2.jpg'), { width: 1, height: 1, orientation: 1 })).toEqual([]);
    expect(await readNamedFaceRegions(path.join(REPO_ROOT, 'test/fixtures/faces/README.md'), { width: 1, height: 1, orientation: 1 })).toEqual([]);
  });

  it('turns a stored region into the displayed one for every orientation', () => {
    const r: [number, number, number, number] = [0.1, 0.2, 0.3, 0.4];
    expect(orient(r, 1)).toEqual(r);
    expect(orient(r, 3).map((v) => +v.toFixed(6))).toEqual([0.6, 0.4, 0.3, 0.4]);
    // 90° clockwise: the stored top edge becomes the displayed right edge
    expect(orient(r, 6).map((v) => +v.toFixed(6))).toEqual([0.4, 0.1, 0.4, 0.3]);
    expect(orient(r, 8).map((v) => +v.toFixed(6))).toEqual([0.2, 0.6, 0.4, 0.3]);
    // applying 6 then 8 (their inverse) gives the box back
    expect(orient(orient(r, 6), 8).map((v) => +v.toFixed(6))).toEqual(r);
  });

  it('puts a region on the detected face it names, also when the tool drew it much larger than the detector', () => {
    // the detector's box of a face, and its neighbour's in a group photo
    const face = [151, 87, 163, 163];
    const neighbour = [330, 90, 150, 150];
    const grown = (k: number, b = face) => [b[0] + b[2] / 2 - (b[2] * k) / 2, b[1] + b[3] / 2 - (b[3] * k) / 2, b[2] * k, b[3] * k];
    // a region as tight as the detector's, or 1.5 times as large (IoU 0.44): on the face
    expect(regionFace([face, neighbour], grown(1))).toBe(0);
    expect(regionFace([face, neighbour], grown(1.5))).toBe(0);
    // 1.9 times (the whole head; IoU 0.28): on the face as well, not a second face on the same head (trial 11)
    expect(regionFace([face, neighbour], grown(1.9))).toBe(0);
    expect(regionFace([neighbour, face], grown(2.2))).toBe(1);
    // a region beside every face (someone the detector missed) is on none: it becomes a face of its own
    expect(regionFace([face, neighbour], [10, 150, 60, 60])).toBe(-1);
    // a small region on the neighbour's face names the neighbour, never the larger face beside it
    expect(regionFace([face, neighbour], grown(0.6, neighbour))).toBe(1);
  });
});
