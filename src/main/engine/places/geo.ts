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

export { gpsPositionProblem as badCoordinateReason } from '../media/metadata.js';
