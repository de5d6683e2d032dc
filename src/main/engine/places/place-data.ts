// Loads the bundled gazetteer once per process (about 0.3 s; the places stage and place search share it).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { packageRoot } from '../paths.js';
import { decodePlaceData, type PlaceData } from './place-data-format.js';

export function bundledPlaceFile(): string {
  return path.join(packageRoot(), 'resources', 'places', 'places.bin.gz');
}

const cache = new Map<string, PlaceData>();

export function loadPlaceData(file = bundledPlaceFile()): PlaceData {
  let data = cache.get(file);
  if (!data) {
    data = decodePlaceData(gunzipSync(readFileSync(file)));
    cache.set(file, data);
  }
  return data;
}
