// What place search matches against: every name of a place, folded, between spaces, so that a whole-word LIKE
// finds "paris" in " paris ile de france france 巴黎 法国 " and not in "parisot". The region's other names count too
// (Bayern; Tuscany, Toscana, 托斯卡纳 for a province of Tuscany; England), so people find a place by its region.
import type { GeocodedPlace } from './reverse-geocoder.js';
import { foldName } from './reverse-geocoder.js';

export function placeSearchText(place: GeocodedPlace, countryAliases: readonly string[]): string {
  const names = [
    place.city, place.region, place.country, ...countryAliases, place.countryCode, place.cityZh, place.regionZh, place.countryZh,
    ...place.regionNames,
  ];
  const words = names.filter((n): n is string => Boolean(n)).map((n) => foldName(n)).filter((n) => n.length > 0);
  return ` ${[...new Set(words)].join(' ')} `;
}
