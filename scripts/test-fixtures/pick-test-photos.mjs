// Picks the small set of real photos the tests carry (test/fixtures/photos/) out of the project's
// evaluation data (../shared/data), keeping each file's path below that folder, and writes the
// README that lists every file with its source and licence. Run it again after changing the lists
// below: `node scripts/test-fixtures/pick-test-photos.mjs`. The tests never read ../shared/data.
//
// Only shippable sources are picked: Caltech-101 (CC-BY-4.0), the Debian wallpapers under hires/
// (licence per file, from each package's debian/copyright), and the robustness collections. The
// face and text sets (faces-dev, ocr-dev) are for internal evaluation only and must never be copied.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SHARED = path.resolve(ROOT, '..', 'shared', 'data');
const OUT = path.join(ROOT, 'test', 'fixtures', 'photos');

if (!fs.existsSync(SHARED)) {
  console.error(`No evaluation data at ${SHARED}: this script copies from it, so it runs only where ../shared/data is.`);
  process.exit(1);
}

/** Caltech-101 dev split: the first N images (sorted) of each category, as test/helpers/fixtures.ts's
 *  caltechSample() takes them. 12 (the whole category) where the detector test measures all of them. */
const CALTECH = {
  Motorbikes: 12, airplanes: 12, Faces: 12, pagoda: 12, minaret: 12,
  sunflower: 8, watch: 8,
  ant: 4, bass: 4, crab: 4, lamp: 4, ketch: 4, brain: 4, bonsai: 4,
  pizza: 3, dalmatian: 3,
  cup: 2, Leopards: 2, anchor: 2, accordion: 2, beaver: 2, chair: 2,
  pyramid: 1, car_side: 1,
};

/** Real photos larger than a thumbnail, by licence (from the Debian packages' debian/copyright). */
const HIRES = {
  'lomiri16__Bridge_by_Sander_Klootwijk.jpg': ['lomiri-wallpapers-16.04 (Debian)', 'Sander Klootwijk, 2018', 'CC-BY-SA-4.0'],
  'lomiri16__aitzgorri_by_Aitzol_Berasategi.jpg': ['lomiri-wallpapers-16.04 (Debian)', 'Aitzol Berasategi, 2018', 'CC-BY-4.0'],
  'lomiri16__friends_by_Aitzol_Berasategi.jpg': ['lomiri-wallpapers-16.04 (Debian)', 'Aitzol Berasategi, 2018', 'CC-BY-4.0'],
  'mate__Aqua.jpg': ['mate-backgrounds (Debian)', '2008 Charles Barbin', 'GPL-2+'],
  'mate__GreenMeadow.jpg': ['mate-backgrounds (Debian)', '2005 Timothy Schellhase, 2008 Lapo Calamandrei', 'GPL-2+'],
  'plasma__Kite.jpg': ['plasma-workspace-wallpapers (Debian)', '2014 KDE Visual Design Group', 'GPL-2+'],
  'lxqt__drop.png': ['lxqt-themes (Debian)', '2012-2022 LXQt team', 'LGPL-2.1+'],
};

/** Robustness collections (see ../shared/data/README.md): every file up to this size, plus the named ones. */
const ROBUSTNESS_MAX_BYTES = 40 * 1024;
const ROBUSTNESS_NAMED = [
  'exif-samples/heic/IMG_5195.HEIC',
  'exif-samples/jpg/tests/33-type_error.jpg',
  'exif-samples/jpg/tests/67-0_length_string.jpg',
  'exif-samples/jpg/invalid/image00971.jpg',
  'exif-samples/jpg/gps/DSCN0010.jpg',
  ...[1, 2, 3, 4, 5, 6, 7, 8].flatMap((n) => [`exif-samples/jpg/orientation/landscape_${n}.jpg`, `exif-samples/jpg/orientation/portrait_${n}.jpg`]),
  'exiftool-t-images/CanonRaw.cr3',
  'exiftool-t-images/Nikon.nef',
  'exiftool-t-images/FujiFilm.raf',
  'exiftool-t-images/JXL2.jxl',
  // damaged EXIF the metadata test reads by bare name
  'pillow-tests/exif_typeerror.jpg',
  'pillow-tests/exif_gps_typeerror.jpg',
];
/** Folders a test reads whole: these keep at least this many photos (the smallest ones). */
const ROBUSTNESS_MIN_PER_FOLDER = { 'exif-samples/jpg/gps': 4 };
const ROBUSTNESS_SOURCES = {
  'exif-samples': ['GitHub ianare/exif-samples', 'CC-BY-SA-4.0'],
  'pillow-tests': ['GitHub python-pillow/Pillow, Tests/images', 'MIT-CMU (HPND)'],
  'exiftool-t-images': ['GitHub exiftool/exiftool, t/images', 'Artistic-1.0 or GPL-1+ (the terms of Perl)'],
  'kphotoalbum-demo': ['kphotoalbum demo database (Debian)', 'GPL-2+'],
};
const CALTECH_SOURCE = ['Caltech-101 (Fei-Fei, Fergus, Perona 2004)', 'CC-BY-4.0'];

/** Every photo a test names by its path (e.g. 'robustness/pillow-tests/hopper.tif', or 'pillow-tests/hopper.tif'
 *  below robustness/): picked too, so that a test naming a new file only needs this script run again. */
function namedInTests() {
  const testDir = path.join(ROOT, 'test');
  const named = new Set();
  for (const rel of walk(testDir).filter((f) => f.endsWith('.ts'))) {
    const source = fs.readFileSync(path.join(testDir, rel), 'utf8');
    for (const [, literal] of source.matchAll(/['"`]((?:robustness\/|hires\/|caltech101-dev\/|pillow-tests\/|exif-samples\/|exiftool-t-images\/|kphotoalbum-demo\/)[^'"`$]+\.[A-Za-z0-9]+)['"`]/g)) {
      const full = ['hires/', 'caltech101-dev/', 'robustness/'].some((p) => literal.startsWith(p)) ? literal : `robustness/${literal}`;
      if (fs.existsSync(path.join(SHARED, full))) named.add(full);
    }
  }
  return named;
}

const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true, recursive: true })
  .filter((e) => e.isFile())
  .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));

const picked = new Map(); // rel path -> [source, licence]
for (const [category, n] of Object.entries(CALTECH)) {
  const files = fs.readdirSync(path.join(SHARED, 'caltech101-dev', category)).filter((f) => f.endsWith('.jpg')).sort().slice(0, n);
  if (files.length < n) throw new Error(`caltech101-dev/${category} has only ${files.length} images`);
  for (const f of files) picked.set(`caltech101-dev/${category}/${f}`, CALTECH_SOURCE);
}
for (const [file, [pkg, holder, licence]] of Object.entries(HIRES)) picked.set(`hires/${file}`, [`${pkg}; © ${holder}`, licence]);

const robustness = path.join(SHARED, 'robustness');
const sourceOf = (rel) => ROBUSTNESS_SOURCES[rel.split('/')[0]];
const keep = new Set(ROBUSTNESS_NAMED);
for (const rel of walk(robustness)) {
  if (fs.statSync(path.join(robustness, rel)).size <= ROBUSTNESS_MAX_BYTES) keep.add(rel);
}
for (const full of namedInTests()) {
  if (full.startsWith('robustness/')) keep.add(full.slice('robustness/'.length));
  else if (full.startsWith('caltech101-dev/')) picked.set(full, CALTECH_SOURCE);
  else if (!picked.has(full)) throw new Error(`a test names ${full}: add it to HIRES with its licence`);
}
for (const [folder, min] of Object.entries(ROBUSTNESS_MIN_PER_FOLDER)) {
  const bySize = fs.readdirSync(path.join(robustness, folder)).filter((f) => /\.jpe?g$/i.test(f))
    .map((f) => `${folder}/${f}`).sort((a, b) => fs.statSync(path.join(robustness, a)).size - fs.statSync(path.join(robustness, b)).size);
  for (const rel of bySize.slice(0, min)) keep.add(rel);
}
for (const rel of [...keep].sort()) {
  if (!fs.existsSync(path.join(robustness, rel))) throw new Error(`robustness/${rel} is missing`);
  picked.set(`robustness/${rel}`, sourceOf(rel));
}

fs.rmSync(OUT, { recursive: true, force: true });
let bytes = 0;
for (const rel of picked.keys()) {
  const target = path.join(OUT, rel);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.join(SHARED, rel), target);
  fs.chmodSync(target, 0o644);
  bytes += fs.statSync(target).size;
}

const rows = [...picked].sort(([a], [b]) => a.localeCompare(b)).map(([rel, [source, licence]]) => `| ${rel} | ${source} | ${licence} |`);
fs.writeFileSync(path.join(OUT, 'README.md'), `# Test photos

The real photos the tests use (${picked.size} files, ${(bytes / 1e6).toFixed(1)} MB), so that a fresh clone tests
itself with nothing beside it. Each file is an unmodified copy of a file from the project's evaluation data, at the
same path below it; \`scripts/test-fixtures/pick-test-photos.mjs\` made this folder and this list. Benchmarks and
quality evaluations use the whole evaluation data set instead.

Sources: Caltech-101 as committed in GitHub MachineLearning2020/Homework2-Caltech101; the \`hires/\` photos from the
Debian wallpaper packages named (licence and holder from each package's \`debian/copyright\`); the robustness
collections from the repositories named. Some robustness files are damaged on purpose: the tests check that they
are reported, not indexed.

| file | source | licence |
|---|---|---|
${rows.join('\n')}
`);
console.log(`${picked.size} files, ${(bytes / 1e6).toFixed(2)} MB in ${path.relative(ROOT, OUT)}`);
