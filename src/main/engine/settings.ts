import type { CatalogDb } from './catalog/database.js';
import { PROVIDER_SETTINGS, type ProviderSetting } from './inference/protocol.js';
import { DEFAULT_KEEP_RULES, type KeepRuleId } from '../../shared/duplicate-types.js';
import { normaliseKeepRules } from './duplicates/keep-rules.js';

/** User settings of a library home, each validated, with its default. Stored in the catalog's settings table. */
export interface LoupeSettings {
  /** execution provider for the models */
  provider: ProviderSetting;
  /** automatic tags shown (and searched) at or above this detector confidence */
  tagThreshold: number;
  /** keep-best rules of the duplicate finder, first decides */
  keepRules: KeepRuleId[];
  /** the UI language; null follows the system */
  language: 'en' | 'zh' | null;
  theme: 'system' | 'light' | 'dark';
}

export const DEFAULT_SETTINGS: LoupeSettings = {
  provider: 'auto',
  // Chosen on bench/tags-coco-caltech.ts: micro precision 0.90, recall 0.54 over 17 COCO classes (0.30 gives
  // precision 0.84, 0.40 recall 0.47). Precision first: a wrong tag costs more trust than a missing one.
  tagThreshold: 0.35,
  keepRules: [...DEFAULT_KEEP_RULES],
  language: null,
  theme: 'system',
};

const VALIDATORS: { [K in keyof LoupeSettings]: (v: unknown) => LoupeSettings[K] } = {
  provider: (v) => {
    if (typeof v === 'string' && (PROVIDER_SETTINGS as readonly string[]).includes(v)) return v as ProviderSetting;
    throw new Error(`provider must be one of ${PROVIDER_SETTINGS.join(', ')}`);
  },
  tagThreshold: (v) => {
    const n = typeof v === 'string' ? Number(v) : v;
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 1) return n;
    throw new Error('tagThreshold must be a number from 0 to 1');
  },
  keepRules: (v) => {
    try {
      return normaliseKeepRules(typeof v === 'string' ? v.split(',').map((x) => x.trim()) : v);
    } catch (err) {
      throw new Error(`keepRules: ${(err as Error).message}`, { cause: err });
    }
  },
  language: (v) => {
    if (v === null || v === 'en' || v === 'zh') return v;
    if (v === 'system' || v === 'auto') return null;
    throw new Error('language must be en, zh or system');
  },
  theme: (v) => {
    if (v === 'system' || v === 'light' || v === 'dark') return v;
    throw new Error('theme must be system, light or dark');
  },
};

export function isSettingKey(key: string): key is keyof LoupeSettings {
  return Object.hasOwn(DEFAULT_SETTINGS, key);
}

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

  /** Validates and stores one setting; throws an Error saying what is allowed. */
  set<K extends keyof LoupeSettings>(key: K, value: unknown): LoupeSettings[K] {
    const valid = VALIDATORS[key](value);
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, JSON.stringify(valid));
    return valid;
  }

  /** A raw value (for engine bookkeeping such as counters), not a user setting. */
  getRaw(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setRaw(key: string, value: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
