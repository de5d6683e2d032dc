// When the engine should use which whitening: the shipped default until the library has enough photos
// for its own fit to beat it, then an own fit, refreshed as the library grows. A refit re-projects the
// stored raw features (whitening.ts: applyBranchBatch) and re-runs DBA; no photo is decoded again.

/**
 * The library size from which an own-library fit is used. Measured on caltech101-dev (bench/
 * retrieval-caltech.ts --subsets): own fits on n random photos, applied to all 1200, mean of 3 draws,
 * against the shipped default (fusion, mAP / P@1): default 0.354 / 0.582; n=100 0.326 / 0.553 (worse);
 * n=200 0.357 / 0.604; n=300 0.368 / 0.615; n=500 0.378 / 0.629; n=800 0.384 / 0.635; with DBA + QE
 * (k=2) the same picture: default 0.404 / 0.602, n=100 0.372 / 0.552, n=200 0.421 / 0.606.
 */
export const OWN_FIT_MIN_PHOTOS = 200;

/** Refit once the library has grown (or shrunk) by this fraction since the last own fit. */
export const REFIT_GROWTH = 0.25;

/** Sample cap for a fit: beyond this a fit barely changes, and a covariance of 20k x 1344 stays cheap. */
export const MAX_FIT_SAMPLES = 20_000;

export type WhiteningChoice = { use: 'default' } | { use: 'library'; refit: boolean };

/**
 * `lastFitPhotos`: the library size at the last own fit (null when there has been none).
 * Returns which whitening to use now and whether a (re)fit is due.
 */
export function chooseWhitening(photoCount: number, lastFitPhotos: number | null): WhiteningChoice {
  if (photoCount < OWN_FIT_MIN_PHOTOS) return { use: 'default' };
  if (lastFitPhotos === null) return { use: 'library', refit: true };
  const change = Math.abs(photoCount - lastFitPhotos) / Math.max(1, lastFitPhotos);
  return { use: 'library', refit: change >= REFIT_GROWTH };
}

/** Evenly spread sample of indices when the library exceeds MAX_FIT_SAMPLES (deterministic). */
export function fitSampleIndices(photoCount: number, max = MAX_FIT_SAMPLES): number[] {
  if (photoCount <= max) return Array.from({ length: photoCount }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.floor((i * photoCount) / max));
}
