import { createHash } from 'node:crypto';
import { LoupeEngine } from '../../src/main/engine/engine.js';
const neutral = (key: string): string => `IMG_${createHash('sha1').update(key).digest('hex').slice(0, 8)}`;
const engine = LoupeEngine.open({ home: '/tmp/loupe-dup-groups/seed-1/home', warn: () => {} });
const names = process.argv.slice(2);
const groups = await engine.duplicates.groups();
for (const n of names) {
  const key = neutral(n);
  const g = groups.find((g) => g.members.some((m) => m.path.includes(key)));
  if (!g) { console.log(n, 'no group'); continue; }
  console.log(n, key, 'group', g.id, g.keepRule, g.reason, 'rep', g.representativeId);
  for (const m of g.members) {
    const q = (engine as any).duplicates.deps.quality.of(m.id);
    console.log(' ', m.id, m.path.slice(-30), m.width, m.height, m.format, JSON.stringify(q && { p: q.paddingShare.toFixed(2), n: q.noise.toFixed(2), s: q.sharpness.toFixed(2), c: q.chroma.toFixed(0), q: q.jpegQuality, t: q.texturedShare.toFixed(2) }), m.match?.rule);
  }
}
engine.close();
