// Chinese names of cities outside China from Unicode CLDR (Unicode-3.0 licence): every time zone has an "exemplar
// city" named in each language (America/New_York: New York, 纽约; Europe/London: 伦敦; Asia/Saigon: 胡志明市), about
// 400 of the world's largest or best-known cities. The zone's country is the first two letters of its BCP 47 id
// (usnyc, gblon, vnsgn: UN/LOCODE). Used by build-places.ts, at build time only.

interface ZoneNames {
  [name: string]: ZoneNames | { exemplarCity?: string } | string;
}
interface Bcp47Zones {
  keyword: { u: { tz: Record<string, { _alias?: string } | string> } };
}

/** One exemplar city: its English name, its Chinese name and its country (ISO 3166 alpha-2). */
export interface CldrCity {
  en: string;
  zh: string;
  country: string;
}

type Require = (id: string) => unknown;

/** The zones' exemplar cities named in Chinese, with their English names and countries. Zones three levels deep
 *  (America/Indiana/Knox, America/North_Dakota/Center) are left out: their Chinese "city" is often a part of a state
 *  ("北达科他州中部"), not a town's name. */
export function cldrCities(req: Require): CldrCity[] {
  const zonesOf = (lang: string) =>
    (req(`cldr-dates-full/main/${lang}/timeZoneNames.json`) as { main: Record<string, { dates: { timeZoneNames: { zone: ZoneNames } } }> }).main[lang]
      .dates.timeZoneNames.zone;
  const exemplars = (zones: ZoneNames): Map<string, string> => {
    const out = new Map<string, string>();
    const walk = (node: ZoneNames, id: string[]): void => {
      for (const [key, value] of Object.entries(node)) {
        if (typeof value !== 'object') continue;
        const path = [...id, key];
        if ('exemplarCity' in value || '_type' in value) {
          if (typeof value.exemplarCity === 'string') out.set(path.join('/'), value.exemplarCity);
        } else walk(value as ZoneNames, path);
      }
    };
    walk(zones, []);
    return out;
  };
  const zh = exemplars(zonesOf('zh'));
  const en = exemplars(zonesOf('en'));
  const countryOfZone = new Map<string, string>();
  const bcp47 = (req('cldr-bcp47/bcp47/timezone.json') as Bcp47Zones).keyword.u.tz;
  for (const [key, entry] of Object.entries(bcp47)) {
    if (typeof entry !== 'object' || !entry._alias || !/^[a-z]{5}$/.test(key)) continue;
    for (const alias of entry._alias.split(' ')) countryOfZone.set(alias, key.slice(0, 2).toUpperCase());
  }
  const out: CldrCity[] = [];
  for (const [zone, zhName] of zh) {
    const country = countryOfZone.get(zone);
    if (!country || zone.split('/').length !== 2 || zone.startsWith('Etc/')) continue;
    // English: CLDR's own where it differs from the zone id (Asia/Calcutta: Kolkata), else the id's last part.
    out.push({ en: en.get(zone) ?? zone.split('/')[1].replace(/_/g, ' '), zh: zhName, country });
  }
  return out;
}
