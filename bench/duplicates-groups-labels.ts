// What each file of a library that bench/duplicates-groups.ts indexed shows, from its neutral name (the groups bench
// names files by a hash of what they are): for the benches that read that bench's cached homes
// (duplicates-neighbour-cosines.ts, duplicates-local-quick.ts, duplicates-grouping-scale.ts). The naming is the
// groups bench's; its lists are repeated here rather than imported because that bench runs when imported.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seededEdits } from './duplicates-edits.js';

/** The groups bench's cache: base-<key>/home and seed-<n>/home. */
export const GROUPS_CACHE = path.join(os.tmpdir(), 'loupe-dup-groups');

/** A file's base name in the groups bench, from what it is. */
export const neutral = (key: string): string => `IMG_${createHash('sha1').update(key).digest('hex').slice(0, 8)}`;

/** Pictures Caltech-101 holds twice or more (bench/duplicates-groups.ts KNOWN_CALTECH_DUPLICATES). */
export const CALTECH_DUPLICATES: string[][] = [
  ['anchor/image_0005.jpg', 'anchor/image_0016.jpg'],
  ['garfield/image_0027.jpg', 'garfield/image_0032.jpg'],
  ['bonsai/image_0016.jpg', 'bonsai/image_0115.jpg'],
  ['stop_sign/image_0005.jpg', 'stop_sign/image_0022.jpg', 'stop_sign/image_0034.jpg', 'stop_sign/image_0049.jpg'],
  ['cougar_face/image_0019.jpg', 'cougar_face/image_0043.jpg'],
];

export interface Labels {
  /** neutral base name -> the picture it shows (a hires original, a Caltech duplicate set, a face pair) */
  pictureOf: Map<string, string>;
  /** neutral base name -> 'original' or the edit's name, for the hires pictures and their edits */
  editOf: Map<string, string>;
}

/** Labels of the base library and one seed's edits; `hires` is ../shared/data/hires. */
export function groupsLabels(hires: string, seed: number): Labels {
  const pictureOf = new Map<string, string>();
  const editOf = new Map<string, string>();
  for (const name of fs.readdirSync(hires).filter((f) => /\.(jpe?g|png)$/i.test(f))) {
    pictureOf.set(neutral(name), name);
    editOf.set(neutral(name), 'original');
    for (const e of seededEdits(seed)) {
      pictureOf.set(neutral(`${seed}/${name}/${e.name}`), name);
      editOf.set(neutral(`${seed}/${name}/${e.name}`), e.name);
    }
  }
  for (const set of CALTECH_DUPLICATES) for (const f of set) pictureOf.set(neutral(f), `caltech:${set[0]}`);
  const faces = path.join(path.dirname(hires), 'faces-crop-pairs', 'Faces');
  if (fs.existsSync(faces)) {
    for (const f of fs.readdirSync(faces)) for (const sub of ['Faces', 'Faces_easy']) pictureOf.set(neutral(`${sub}/${f}`), `face:${f}`);
  }
  return { pictureOf, editOf };
}
