// Argument checks of the places part of the API (see validate-args.ts): place and map filters of photo queries,
// and places set by hand.
import type { Check } from './validate-args.js';

const MAX_PLACE_NAME = 200;

function finiteIn(c: Check, value: unknown, name: string, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    c.fail(`${name} must be a number from ${min} to ${max}`);
  }
}

/** PhotoQuery.place, .bounds, .undated and .monthDay */
export function checkPlaceQuery(c: Check, q: Record<string, unknown>): void {
  const has = (k: string) => q[k] !== undefined && q[k] !== null;
  if (has('place')) {
    const p = c.plainObject(q.place, 'query.place');
    c.onlyKeys(p, 'query.place', ['country', 'city']);
    for (const k of ['country', 'city'] as const) if (p[k] !== null && p[k] !== undefined) c.text(p[k], `query.place.${k}`, MAX_PLACE_NAME);
  }
  if (has('bounds')) {
    const b = c.plainObject(q.bounds, 'query.bounds');
    c.onlyKeys(b, 'query.bounds', ['south', 'west', 'north', 'east']);
    finiteIn(c, b.south, 'query.bounds.south', -90, 90);
    finiteIn(c, b.north, 'query.bounds.north', -90, 90);
    finiteIn(c, b.west, 'query.bounds.west', -180, 180);
    finiteIn(c, b.east, 'query.bounds.east', -180, 180);
    if ((b.south as number) > (b.north as number)) c.fail('query.bounds.south must not be north of query.bounds.north');
  }
  if (has('undated') && typeof q.undated !== 'boolean') c.fail('query.undated must be true or false');
  if (has('monthDay')) {
    const md = c.text(q.monthDay, 'query.monthDay', 5);
    const m = /^(\d{2})-(\d{2})$/.exec(md);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > 12 || Number(m[2]) < 1 || Number(m[2]) > 31) c.fail('query.monthDay must be MM-DD');
  }
}

/** setPlace's second argument: { name } or { lat, lon }, or null to forget the hand-set place. */
export function checkPlaceInput(c: Check, value: unknown): void {
  if (value === null || value === undefined) return;
  const p = c.plainObject(value, 'place');
  if ('name' in p) {
    c.onlyKeys(p, 'place', ['name']);
    c.text(p.name, 'place.name', MAX_PLACE_NAME);
    if ((p.name as string).trim() === '') c.fail('place.name must not be blank');
    return;
  }
  c.onlyKeys(p, 'place', ['lat', 'lon']);
  finiteIn(c, p.lat, 'place.lat', -90, 90);
  finiteIn(c, p.lon, 'place.lon', -180, 180);
}
