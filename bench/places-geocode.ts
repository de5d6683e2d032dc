// Offline reverse geocoding, measured: share of photos near well-known places on every continent placed in the
// right city (English; Chinese city names in China; Chinese country names everywhere), points far at sea placed
// in no country, the cost of one lookup, the load time, and the size the place data adds. Then a few photos
// through the real index path: copies of ../shared/data photos with GPS written into their EXIF.
//
//   npx tsx bench/places-geocode.ts            (add --no-index to skip the index part)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReverseGeocoder } from '../src/main/engine/places/reverse-geocoder.js';
import { bundledPlaceFile } from '../src/main/engine/places/place-data.js';
import { LANDMARKS, OPEN_SEA } from './places-landmarks.js';
import { withGps } from '../test/helpers/exif-gps.js';
import { LoupeEngine } from '../src/main/engine/engine.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = path.resolve(ROOT, '..', 'shared', 'data');

/** A deterministic generator, so every run measures the same points. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const rand = rng(14);
/** A point within `m` metres of (lat, lon): where a photo of the landmark is taken from. */
function jitter(lat: number, lon: number, m: number): [number, number] {
  const r = (m / 111_200) * Math.sqrt(rand());
  const a = rand() * 2 * Math.PI;
  return [lat + r * Math.sin(a), lon + (r * Math.cos(a)) / Math.cos((lat * Math.PI) / 180)];
}

const t0 = performance.now();
const g = new ReverseGeocoder();
const loadMs = performance.now() - t0;

// ---- accuracy -------------------------------------------------------------------------------------------------
let total = 0;
let cityEn = 0;
let countryZh = 0;
let placedWithCountry = 0;
let cnTotal = 0;
let cnZh = 0;
const misses: string[] = [];
for (const l of LANDMARKS) {
  const points = [[l.lat, l.lon] as [number, number], ...Array.from({ length: 4 }, () => jitter(l.lat, l.lon, 400))];
  for (const [lat, lon] of points) {
    total++;
    const r = g.lookup(lat, lon);
    const place = 'place' in r ? r.place : null;
    const ok = l.city.length === 0 ? !place?.city : Boolean(place?.city && l.city.includes(place.city));
    if (ok) cityEn++;
    else misses.push(`${l.name}: got ${place?.city ?? 'none'} (${place?.countryCode ?? '-'}), want ${l.city.join('/') || 'none'}`);
    if (place?.country) {
      placedWithCountry++;
      if (place.countryZh) countryZh++;
    }
    if (l.cityZh) {
      cnTotal++;
      if (place?.cityZh === l.cityZh) cnZh++;
      else misses.push(`${l.name}: Chinese name ${place?.cityZh ?? 'none'}, want ${l.cityZh}`);
    }
  }
}
let seaNone = 0;
for (const s of OPEN_SEA) {
  const r = g.lookup(s.lat, s.lon);
  if ('place' in r && r.place.country === null) seaNone++;
  else misses.push(`${s.name}: placed in ${'place' in r ? r.place.country : r.reason}`);
}

// ---- speed ----------------------------------------------------------------------------------------------------
const queries: [number, number][] = [];
for (let i = 0; i < 50_000; i++) {
  const l = LANDMARKS[i % LANDMARKS.length];
  queries.push(jitter(l.lat, l.lon, 20_000)); // around cities, where the city rule does most work
}
for (let i = 0; i < 50_000; i++) queries.push([-60 + rand() * 130, -180 + rand() * 360]); // anywhere
for (const [lat, lon] of queries.slice(0, 2000)) g.lookup(lat, lon); // warm up the JIT
const times = new Float64Array(queries.length);
const startAll = performance.now();
queries.forEach(([lat, lon], i) => {
  const s = process.hrtime.bigint();
  g.lookup(lat, lon);
  times[i] = Number(process.hrtime.bigint() - s) / 1000;
});
const allMs = performance.now() - startAll;
const sorted = [...times].sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);

// ---- size -----------------------------------------------------------------------------------------------------
const dataBytes = fs.statSync(bundledPlaceFile()).size;
const atlas = ['countries-50m.json', 'countries-110m.json'].map((f) => fs.statSync(path.join(ROOT, 'node_modules', 'world-atlas', f)).size);
const rendererAssets = path.join(ROOT, 'out', 'renderer', 'assets');
const bundle = fs.existsSync(rendererAssets)
  ? fs.readdirSync(rendererAssets).filter((f) => f.endsWith('.js')).reduce((n, f) => n + fs.statSync(path.join(rendererAssets, f)).size, 0)
  : null;

const pctOf = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
console.log('== Reverse geocoding, offline (bundled gazetteer) ==');
console.log(`landmarks ${LANDMARKS.length} on every continent, 5 photo positions each (the landmark and 4 within 400 m): ${total}`);
console.log(`city right (English):          ${cityEn}/${total} = ${pctOf(cityEn, total)}   (goal >= 90%)`);
console.log(`Chinese country name:          ${countryZh}/${placedWithCountry} placed photos = ${pctOf(countryZh, placedWithCountry)}   (goal 100%)`);
console.log(`Chinese city name, in China:   ${cnZh}/${cnTotal} = ${pctOf(cnZh, cnTotal)}`);
console.log(`open sea placed in no country: ${seaNone}/${OPEN_SEA.length}`);
console.log(`load: ${loadMs.toFixed(0)} ms (once per process); lookup over ${queries.length} points: mean ${((allMs * 1000) / queries.length).toFixed(1)} µs, p50 ${pct(50)} µs, p95 ${pct(95)} µs, p99 ${pct(99)} µs, max ${sorted[sorted.length - 1].toFixed(0)} µs   (goal < 1 ms)`);
console.log(`size: resources/places/places.bin.gz ${(dataBytes / 1e6).toFixed(2)} MB; world-atlas countries 50m ${(atlas[0] / 1e3).toFixed(0)} KB + 110m ${(atlas[1] / 1e3).toFixed(0)} KB in the UI bundle${bundle ? ` (renderer JS in all: ${(bundle / 1e6).toFixed(2)} MB)` : ''}`);
if (misses.length) console.log(`misses:\n  ${misses.join('\n  ')}`);

// ---- through the real index path ------------------------------------------------------------------------------
if (process.argv.includes('--no-index')) process.exit(0);
if (!fs.existsSync(path.join(SHARED, 'caltech101-dev'))) {
  console.log(`\n(${SHARED} is absent: the index-path part needs ../shared/data; skipped)`);
  process.exit(0);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-places-'));
try {
  const lib = path.join(tmp, 'Photos');
  fs.mkdirSync(lib);
  const sources = fs.readdirSync(path.join(SHARED, 'caltech101-dev', 'Faces')).filter((f) => f.endsWith('.jpg')).sort();
  const chosen = LANDMARKS.filter((_, i) => i % 6 === 0);
  chosen.forEach((l, i) => {
    const jpeg = fs.readFileSync(path.join(SHARED, 'caltech101-dev', 'Faces', sources[i % sources.length]));
    fs.writeFileSync(path.join(lib, `IMG_${String(i).padStart(4, '0')}.jpg`), withGps(jpeg, { lat: l.lat, lon: l.lon, dateTimeOriginal: '2019:05:04 10:00:00' }));
  });
  const engine = LoupeEngine.open({ home: path.join(tmp, 'home'), warn: () => {} });
  try {
    await engine.library.addFolder(lib);
    const ti = performance.now();
    const summary = await engine.library.index();
    const indexS = (performance.now() - ti) / 1000;
    let right = 0;
    const wrong: string[] = [];
    chosen.forEach((l, i) => {
      const id = engine.library.photoIdAt(path.join(lib, `IMG_${String(i).padStart(4, '0')}.jpg`));
      const place = id !== null ? engine.places.placeOf(id).place : null;
      if (l.city.length === 0 ? !place?.city : place?.city && l.city.includes(place.city)) right++;
      else wrong.push(`${l.name}: ${place?.city ?? 'none'}`);
    });
    console.log(`\n== Through the index (copies of caltech101-dev/Faces photos with GPS written in) ==`);
    console.log(`${chosen.length} photos indexed in ${indexS.toFixed(1)} s (${summary.failed.length} failed); right city ${right}/${chosen.length}${wrong.length ? `; wrong: ${wrong.join(', ')}` : ''}`);
  } finally {
    await engine.close();
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
