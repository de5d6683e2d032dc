import Database from 'better-sqlite3';
import { unpackLocalFeatures, matchLocalFeatures } from '../src/main/engine/duplicates/local-features.js';
import { localVerified, pixelsAgree } from '../src/main/engine/duplicates/near-duplicate-rule.js';
import { pixelAgreement } from '../src/main/engine/duplicates/pixel-agreement.js';
const db = new Database('/tmp/loupe-dup-groups/seed-1/home/catalog.sqlite', { readonly: true });
const rows = db.prepare("select m.group_id g, m.file_id id, g.representative_id r from dup_members m join dup_groups g on g.id=m.group_id where m.kind='duplicate' and m.group_id in (1,2,3,4,5,18) and m.file_id <> g.representative_id").all() as { g: number; id: number; r: number }[];
const kp = (id: number) => unpackLocalFeatures((db.prepare('select data from photo_keypoints where file_id = ?').get(id) as { data: Buffer }).data);
for (const { g, id, r } of rows) {
  const a = kp(id), b = kp(r);
  const m = matchLocalFeatures(a, b);
  const p = pixelAgreement(a, b, m.transform);
  console.log(g, id, r, 'thumbs', !!a.thumb, !!b.thumb, 'ver', localVerified(m), m.tight, p && `${p.agreeing}/${p.cells} ${p.ncc.toFixed(2)}`, 'agree', pixelsAgree(p));
}
