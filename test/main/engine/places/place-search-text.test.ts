import { describe, expect, it } from 'vitest';
import { placeSearchText } from '../../../../src/main/engine/places/place-search-text.js';
import { ReverseGeocoder } from '../../../../src/main/engine/places/reverse-geocoder.js';

// The words place search matches, for real positions in the bundled gazetteer and the countries' real aliases.
describe('placeSearchText', () => {
  const geocoder = new ReverseGeocoder();
  const textAt = (lat: number, lon: number) => {
    const r = geocoder.lookup(lat, lon);
    if (!('place' in r)) throw new Error(r.reason);
    const country = geocoder.data.countries.find((c) => c.code === r.place.countryCode);
    return placeSearchText(r.place, country?.aliases ?? []);
  };
  const has = (text: string, word: string) => text.includes(` ${word} `);

  it('does not give a photo taken in Taipei the words of "Taiwan, Province of China"', () => {
    const taipei = textAt(25.033, 121.5654);
    expect(has(taipei, 'taiwan')).toBe(true);
    expect(has(taipei, '台湾')).toBe(true);
    expect(has(taipei, 'china')).toBe(false);
    expect(has(taipei, 'province')).toBe(false);
  });

  it('leaves out the words for a form of state: "people" is no search for China, "republic" none for Korea', () => {
    const guangzhou = textAt(23.1291, 113.2644);
    expect(has(guangzhou, 'china')).toBe(true);
    expect(has(guangzhou, 'cn')).toBe(true);
    for (const w of ['people', 'peoples', 's', 'republic', 'of']) expect(has(guangzhou, w)).toBe(false);
    const seoul = textAt(37.5665, 126.978);
    expect(has(seoul, 'korea')).toBe(true);
    expect(has(seoul, 'republic')).toBe(false);
    const prague = textAt(50.0755, 14.4378);
    expect(has(prague, 'czech')).toBe(true);
    expect(has(prague, 'czechia')).toBe(true);
  });

  it('keeps every word of a plain multi-word country name and its short forms', () => {
    const nyc = textAt(40.7128, -74.006);
    for (const w of ['united', 'states', 'america', 'usa', 'us', 'u s a']) expect(has(nyc, w)).toBe(true);
    const london = textAt(51.5074, -0.1278);
    for (const w of ['united', 'kingdom', 'uk', 'great', 'britain', 'england']) expect(has(london, w)).toBe(true);
  });
});
