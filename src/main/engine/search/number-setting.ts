import type { SettingsStore } from '../settings.js';

/** A number the similarity service keeps in the catalog's settings table, or null when unset or damaged. */
export function numberSetting(settings: Pick<SettingsStore, 'getRaw'>, key: string): number | null {
  const raw = settings.getRaw(key);
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(n) ? n : null;
}
