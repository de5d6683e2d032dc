// What place search matches against: every name of a place, folded, between spaces, so that a whole-word LIKE
// finds "paris" in " paris ile de france france 巴黎 法国 " and not in "parisot". The region's other names count too
// (Bayern; Tuscany, Toscana, 托斯卡纳 for a province of Tuscany; England), so people find a place by its region.
import type { GeocodedPlace } from './reverse-geocoder.js';
import { foldName } from './reverse-geocoder.js';

export function placeSearchText(place: GeocodedPlace, countryAliases: readonly string[]): string {
  const countryNames = [place.country, ...countryAliases].filter((n): n is string => Boolean(n)).map(countryWords);
  const names = [
    place.city, place.region, ...countryNames, place.countryCode, place.cityZh, place.regionZh, place.countryZh,
    ...place.regionNames,
  ];
  const words = names.filter((n): n is string => Boolean(n)).map((n) => foldName(n)).filter((n) => n.length > 0);
  return ` ${[...new Set(words)].join(' ')} `;
}

/** The words of a country's name that name the country. An ISO-style inverted name gives only what stands before
 *  its comma ("Taiwan, Province of China" is Taiwan: "china" must not find photos taken in Taipei; "Korea,
 *  Republic of"), and the words for a form of state are left out ("People's Republic of China": "people" is a
 *  search for people, not for every photo taken in China; "republic", "state"). A query such as
 *  "czech republic" still finds Czechia: a word that matches nothing in the library is ignored by search. */
function countryWords(name: string): string {
  const words = foldName(name.split(',')[0].replace(/['’]s\b/gu, '')).split(' ');
  return words.filter((w) => !STATE_FORM_WORDS.has(w)).join(' ');
}

/** Only words that say what kind of state it is and would otherwise find a country for a search that means
 *  something else ("people", "state"); not those that tell two countries apart ("united kingdom", "democratic"). */
const STATE_FORM_WORDS = new Set(['people', 'peoples', 'republic', 'province', 'state', 'sovereign', 'of', 'the', 'and']);
