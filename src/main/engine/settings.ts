import type { CatalogDb } from './catalog/database.js';
import {
  DEFAULT_SETTINGS, isSettingKey, LANGUAGES, PROVIDERS, TAG_THRESHOLD_RANGE, THEMES, type LoupeSettings,
} from '../../shared/settings.js';
import { normaliseKeepRules } from './duplicates/keep-rules.js';
import { LibraryError } from './errors.js';

export { DEFAULT_SETTINGS, isSettingKey, type LoupeSettings };

const oneOf = <T extends string>(list: readonly T[], v: unknown, name: string): T => {
  if (typeof v === 'string' && (list as readonly string[]).includes(v)) return v as T;
  throw new LibraryError('invalid', `${name} must be one of ${list.join(', ')}`);
};

// Each setting's check, on the lists in src/shared/settings.ts. Lenient in form only (the CLI passes text:
// "0.5", "pixels,date", "system"), never in range: the API's patch check and this one accept the same values.
const VALIDATORS: { [K in keyof LoupeSettings]: (v: unknown) => LoupeSettings[K] } = {
  provider: (v) => oneOf(PROVIDERS, v, 'provider'),
  tagThreshold: (v) => {
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n === 'number' && Number.isFinite(n) && n >= TAG_THRESHOLD_RANGE.min && n <= TAG_THRESHOLD_RANGE.max) return n;
    throw new LibraryError('invalid', `tagThreshold must be a number from ${TAG_THRESHOLD_RANGE.min} to ${TAG_THRESHOLD_RANGE.max}`);
  },
  keepRules: (v) => {
    try {
      return normaliseKeepRules(typeof v === 'string' ? v.split(',').map((x) => x.trim()) : v);
    } catch (err) {
      throw new LibraryError('invalid', `keepRules: ${(err as Error).message}`, { cause: err });
    }
  },
  language: (v) => (v === null || v === 'system' || v === 'auto' ? null : oneOf(LANGUAGES, v, 'language (or system)')),
  theme: (v) => oneOf(THEMES, v, 'theme'),
};

export class SettingsStore {
  constructor(private readonly db: CatalogDb) {}

  all(): LoupeSettings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const out: LoupeSettings = { ...DEFAULT_SETTINGS };
    for (const r of rows) {
      if (!isSettingKey(r.key)) continue;
      try {
        (out as unknown as Record<string, unknown>)[r.key] = VALIDATORS[r.key](JSON.parse(r.value));
      } catch {
        // a bad stored value falls back to the default
      }
    }
    return out;
  }

  get<K extends keyof LoupeSettings>(key: K): LoupeSettings[K] {
    return this.all()[key];
  }

  /** Validates and stores every setting of a patch (all or none), and returns the settings now in force. */
  update(patch: Partial<LoupeSettings>): LoupeSettings {
    const keys = (Object.keys(patch) as (keyof LoupeSettings)[]).filter((k) => isSettingKey(k));
    const valid = keys.map((k) => [k, VALIDATORS[k](patch[k])] as const);
    this.db.transaction(() => {
      for (const [k, v] of valid) this.write(k, v);
    })();
    return this.all();
  }

  /** Validates and stores one setting; throws an Error saying what is allowed. */
  set<K extends keyof LoupeSettings>(key: K, value: unknown): LoupeSettings[K] {
    const valid = VALIDATORS[key](value);
    this.write(key, valid);
    return valid;
  }

  private write(key: keyof LoupeSettings, valid: unknown): void {
    this.setRaw(key, JSON.stringify(valid));
  }

  /** A raw value (for engine bookkeeping such as counters), not a user setting. */
  getRaw(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setRaw(key: string, value: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
