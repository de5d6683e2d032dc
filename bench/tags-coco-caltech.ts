// Auto-tag quality: precision / recall / F1 per COCO class on the Caltech-101 dev photos whose main object is a
// COCO class (bench/coco-caltech.ts), at several confidence thresholds, to choose the app's default.
// Usage: npx tsx bench/tags-coco-caltech.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluateTags } from '../src/main/engine/eval/evaluate-tags.js';
import { DEFAULT_SETTINGS } from '../src/main/engine/settings.js';
import { buildCocoFolder } from './coco-caltech.js';
import { evaluationData } from './evaluation-data.js';

const caltech = evaluationData('caltech101-dev');
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-coco-'));
const n = buildCocoFolder(caltech, folder);
const sweep = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6];
const detectSize = process.env.DETECT_SIZE ? Number(process.env.DETECT_SIZE) : undefined;
const t0 = performance.now();
const report = await evaluateTags(folder, DEFAULT_SETTINGS.tagThreshold, { sweep, warn: () => {}, detectSize });
console.log(`detector input: ${detectSize ?? 'manifest default'}`);
console.log(`${n} photos of ${report.tags.length} COCO classes, indexed and tagged in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log('\nthreshold  precision  recall  F1 (micro over classes)');
for (const r of report.sweep) {
  console.log(`${r.threshold.toFixed(2).padStart(9)}  ${r.micro.precision.toFixed(3).padStart(9)}  ${r.micro.recall.toFixed(3).padStart(6)}  ${r.micro.f1.toFixed(3)}`);
}
console.log(`\nper class at the default threshold ${report.threshold}:`);
for (const t of report.tags) {
  console.log(`  ${t.tag.padEnd(12)} n=${String(t.support).padStart(3)}  P=${t.precision.toFixed(2)}  R=${t.recall.toFixed(2)}  F1=${t.f1.toFixed(2)}`);
}
console.log(`  micro        P=${report.micro.precision.toFixed(3)}  R=${report.micro.recall.toFixed(3)}  F1=${report.micro.f1.toFixed(3)}`);
fs.rmSync(folder, { recursive: true, force: true });
