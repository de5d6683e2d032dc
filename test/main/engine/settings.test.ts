// The settings store of a library home: one list of values (src/shared/settings.ts) behind the engine's
// checks, the API's patch check and the settings screen, so that what one accepts the others accept.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb, type CatalogDb } from '../../../src/main/engine/catalog/database.js';
import { SettingsStore } from '../../../src/main/engine/settings.js';
import { validateArgs } from '../../../src/main/backend/validate-args.js';
import { DEFAULT_SETTINGS, PROVIDERS, SETTING_KEYS, TAG_THRESHOLD_RANGE } from '../../../src/shared/settings.js';
import { makeTempDir } from '../../helpers/fixtures.js';

describe('SettingsStore', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: CatalogDb;
  let store: SettingsStore;
  beforeEach(() => {
    tmp = makeTempDir();
    db = openCatalogDb(tmp.dir);
    store = new SettingsStore(db);
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  it('starts from the shared defaults, and keeps what is set across a reopen', () => {
    expect(store.all()).toEqual(DEFAULT_SETTINGS);
    expect(Object.keys(store.all())).toEqual(SETTING_KEYS);
    store.set('provider', 'cpu');
    db.close();
    db = openCatalogDb(tmp.dir);
    expect(new SettingsStore(db).get('provider')).toBe('cpu');
  });

  it('accepts every provider of the shared list and nothing else', () => {
    for (const p of PROVIDERS) expect(store.set('provider', p)).toBe(p);
    expect(() => store.set('provider', 'tpu')).toThrow(/provider must be one of auto, cpu/);
  });

  it('takes the tag threshold over exactly the range the API and the slider offer', () => {
    expect(store.set('tagThreshold', TAG_THRESHOLD_RANGE.min)).toBe(TAG_THRESHOLD_RANGE.min);
    expect(store.set('tagThreshold', String(TAG_THRESHOLD_RANGE.max))).toBe(TAG_THRESHOLD_RANGE.max); // the CLI passes text
    for (const bad of [0, 1, 0.04, 0.96, '', 'high', Number.NaN]) {
      expect(() => store.set('tagThreshold', bad), String(bad)).toThrow(/from 0.05 to 0.95/);
      expect(() => validateArgs('updateSettings', [{ tagThreshold: bad }]), String(bad)).toThrow();
    }
    expect(() => validateArgs('updateSettings', [{ tagThreshold: TAG_THRESHOLD_RANGE.min }])).not.toThrow();
  });

  it('applies a patch whole or not at all', () => {
    expect(() => store.update({ theme: 'dark', tagThreshold: 5 })).toThrow(/tagThreshold/);
    expect(store.get('theme')).toBe('system');
    expect(store.update({ theme: 'dark', language: 'zh' })).toMatchObject({ theme: 'dark', language: 'zh' });
  });

  it('falls back to the default for a damaged stored value', () => {
    store.setRaw('tagThreshold', '"loud"');
    expect(store.get('tagThreshold')).toBe(DEFAULT_SETTINGS.tagThreshold);
  });
});
