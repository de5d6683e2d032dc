import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LoupeEngine } from '../../src/main/engine/engine.js';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'facelib-'));
const lib = path.join(tmp, 'lib');
fs.mkdirSync(lib);
const names = fs.readdirSync('/work/shared/data/faces-crop-pairs/Faces').sort().slice(0, 8);
for (const n of names) for (const sub of ['Faces', 'Faces_easy']) fs.copyFileSync(`/work/shared/data/faces-crop-pairs/${sub}/${n}`, path.join(lib, `${sub}_${n}`));
const engine = LoupeEngine.open({ home: path.join(tmp, 'home'), warn: () => {} });
await engine.library.addFolder(lib);
await engine.library.index();
const groups = await engine.duplicates.groups();
console.log('groups', groups.map((g) => g.members.map((m) => path.basename(m.path)).join(' + ')));
for (const n of names.slice(0, 4)) {
  const e = await engine.duplicates.explain(engine.library.info(path.join(lib, `Faces_${n}`))!.id, engine.library.info(path.join(lib, `Faces_easy_${n}`))!.id);
  console.log(n, e.level, e.rule, e.hashDistance, e.cosine, e.localInliers, e.text);
}
engine.close();
fs.rmSync(tmp, { recursive: true, force: true });
