// The UI's settings (LoupeSettings in the API) over the engine's settings store. The engine validates and owns
// the settings it uses (provider, tagThreshold, and any it learns later); the UI-only ones are kept as raw JSON
// rows under the same key names in the same table, so a setting the engine takes over later keeps its value.
import type { LoupeSettings } from '../../shared/api.js';
import { DEFAULT_KEEP_RULES, type KeepRuleId } from '../../shared/duplicate-types.js';
import { isSettingKey, type SettingsStore } from '../engine/settings.js';

const DEFAULTS: LoupeSettings = {
  language: null,
  theme: 'system',
  provider: 'auto',
  tagThreshold: 0.35,
  keepRules: [...DEFAULT_KEEP_RULES],
};

/** Stored values are re-checked on read: a damaged or foreign row falls back to the default. */
const READ_CHECKS: { [K in keyof LoupeSettings]: (v: unknown) => v is LoupeSettings[K] } = {
  language: (v): v is LoupeSettings['language'] => v === null || v === 'en' || v === 'zh',
  theme: (v): v is LoupeSettings['theme'] => v === 'system' || v === 'light' || v === 'dark',
  provider: (v): v is LoupeSettings['provider'] => typeof v === 'string' && ['auto', 'cpu', 'webgpu', 'cuda', 'dml', 'coreml'].includes(v),
  tagThreshold: (v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1,
  keepRules: (v): v is KeepRuleId[] =>
    Array.isArray(v) && v.length > 0 && v.every((r) => (DEFAULT_KEEP_RULES as readonly unknown[]).includes(r)),
};

const KEYS = Object.keys(DEFAULTS) as (keyof LoupeSettings)[];

export function readSettings(store: SettingsStore): LoupeSettings {
  const engineSettings = store.all() as unknown as Record<string, unknown>;
  const out = { ...DEFAULTS } as Record<keyof LoupeSettings, unknown>;
  for (const key of KEYS) {
    let value: unknown;
    if (isSettingKey(key)) {
      value = engineSettings[key];
    } else {
      const raw = store.getRaw(key);
      if (raw === undefined) continue;
      try {
        value = JSON.parse(raw);
      } catch {
        continue;
      }
    }
    if (READ_CHECKS[key](value)) out[key] = value;
  }
  return out as LoupeSettings;
}

/** Applies an already validated patch (see validate-args.ts) and returns the settings now in force. */
export function writeSettings(store: SettingsStore, patch: Partial<LoupeSettings>): LoupeSettings {
  for (const key of KEYS) {
    if (!Object.hasOwn(patch, key)) continue;
    const value = patch[key];
    if (isSettingKey(key)) store.set(key, value);
    else store.setRaw(key, JSON.stringify(value));
  }
  return readSettings(store);
}
