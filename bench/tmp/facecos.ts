import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { LoupeEngine } from '../../src/main/engine/engine.js';
const neutral = (key: string): string => `IMG_${createHash('sha1').update(key).digest('hex').slice(0, 8)}`;
const engine = LoupeEngine.open({ home: '/tmp/loupe-dup-groups/seed-1/home', warn: () => {} });
const lib = '/tmp/loupe-dup-groups/base-d300-f1/lib/faces';
const out: string[] = [];
for (const f of fs.readdirSync('/work/shared/data/faces-crop-pairs/Faces').sort().slice(0, 20)) {
  const a = engine.library.info(`${lib}/${neutral(`Faces/${f}`)}.jpg`)!.id;
  const b = engine.library.info(`${lib}/${neutral(`Faces_easy/${f}`)}.jpg`)!.id;
  const e = await engine.duplicates.explain(a, b);
  out.push(`${e.level} ${e.rule} d${e.hashDistance} cos${e.cosine} inl${e.localInliers}`);
}
console.log(out.join('\n'));
engine.close();
