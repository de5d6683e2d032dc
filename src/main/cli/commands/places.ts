import type { Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import type { PhotoPlace, PlaceInput } from '../../../shared/place-types.js';
import { photoIdOf } from '../photo-id.js';

/** "Hangzhou 杭州, Zhejiang 浙江省, China 中国 (GPS)" */
export function formatPlace(p: PhotoPlace): string {
  const both = (en: string | null, zh: string | null) => (en && zh && zh !== en ? `${en} ${zh}` : en ?? zh);
  const parts = [both(p.city, p.city_zh), both(p.region, p.region_zh), both(p.country, p.country_zh)].filter(Boolean);
  const where = parts.length > 0 ? parts.join(', ') : 'at sea';
  return `${where} (${p.source === 'user' ? 'set by you' : 'GPS'})`;
}

export const placesCommand: Command = {
  name: 'places',
  summary: 'the places your photos were taken, with photo counts (cities, and countries for photos outside any city)',
  usage: 'loupe places [--json]',
  async run(ctx, positionals) {
    if (positionals.length > 0) throw new UsageError('places takes no arguments');
    const places = ctx.reader().places.counts();
    if (ctx.json) ctx.io.out(JSON.stringify({ places }));
    else if (places.length === 0) ctx.io.out('No photo has a place yet (photos need GPS, or a place set with `loupe place`).');
    else {
      for (const p of places) {
        const city = p.city ? `${p.city}${p.city_zh && p.city_zh !== p.city ? ` ${p.city_zh}` : ''}, ` : '';
        const country = p.country ? `${p.country}${p.country_zh ? ` ${p.country_zh}` : ''}` : 'at sea';
        ctx.io.out(`${String(p.count).padStart(6)}  ${city}${country}`);
      }
    }
    return 0;
  },
};

export const placeCommand: Command = {
  name: 'place',
  summary: 'show, set or clear the place of a photo by hand (a place you set wins over its GPS and is kept)',
  usage: 'loupe place <image> [--set "City[, Country]" | --lat DEG --lon DEG | --clear] [--json]',
  options: { set: { type: 'string' }, lat: { type: 'string' }, lon: { type: 'string' }, clear: { type: 'boolean' } },
  async run(ctx, positionals, values) {
    if (positionals.length !== 1) throw new UsageError('place takes exactly one image path');
    const [image] = positionals;
    const set = values.set as string | undefined;
    const hasPos = values.lat !== undefined || values.lon !== undefined;
    const modes = [set !== undefined, hasPos, Boolean(values.clear)].filter(Boolean).length;
    if (modes > 1) throw new UsageError('give one of --set NAME, --lat/--lon or --clear');
    // showing the place only reads; setting or clearing it writes
    const engine = modes ? ctx.engine() : ctx.reader();
    const places = engine.places;
    const id = photoIdOf(engine, image);
    if (values.clear) {
      const { cleared } = places.clear(id);
      const now = places.placeOf(id).place;
      if (ctx.json) ctx.io.out(JSON.stringify({ cleared, place: now }));
      else ctx.io.out(cleared ? `Cleared. ${now ? `From its GPS: ${formatPlace(now)}` : 'It has no place now.'}` : 'It had no place set by hand.');
      return 0;
    }
    if (set !== undefined || hasPos) {
      let input: PlaceInput;
      if (set !== undefined) {
        if (set.trim() === '') throw new UsageError('--set needs a place name');
        input = { name: set };
      } else {
        const lat = Number(values.lat);
        const lon = Number(values.lon);
        if (values.lat === undefined || values.lon === undefined || !Number.isFinite(lat) || !Number.isFinite(lon)) {
          throw new UsageError('--lat and --lon go together, as numbers in degrees (e.g. --lat 48.8584 --lon 2.2945)');
        }
        input = { lat, lon };
      }
      const place = places.set(id, input);
      ctx.io.out(ctx.json ? JSON.stringify({ place }) : formatPlace(place));
      return 0;
    }
    const { place } = places.placeOf(id);
    ctx.io.out(ctx.json ? JSON.stringify({ place }) : place ? formatPlace(place) : 'No place (no GPS, and none set by hand).');
    return 0;
  },
};
