// Small spherical helpers shared by the place indexes.

const EARTH_KM = 6371;
const RAD = Math.PI / 180;

/** Great-circle distance in km. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** km per degree of longitude at a latitude (and of latitude: 111.2). */
export const KM_PER_DEG_LAT = (EARTH_KM * Math.PI) / 180;
export function kmPerDegLon(lat: number): number {
  return Math.max(0.01, KM_PER_DEG_LAT * Math.cos(lat * RAD));
}

/** Why a coordinate cannot be placed, or null when it can. */
export function badCoordinateReason(lat: unknown, lon: unknown): string | null {
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon)) {
    return 'the GPS position is not a number';
  }
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return `the GPS position ${lat}, ${lon} is out of range`;
  // Phones write 0,0 when they had no fix; nobody photographs that spot in the Gulf of Guinea.
  if (Math.abs(lat) < 1e-6 && Math.abs(lon) < 1e-6) return 'the GPS position is 0, 0 (the camera had no fix)';
  return null;
}
