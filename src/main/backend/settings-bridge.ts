// The UI's settings (LoupeSettings in the API) are the engine's own settings store, which validates every value
// on write and falls back to the default for a damaged row on read: this only checks that the two shapes agree.
import type { LoupeSettings } from '../../shared/api.js';
import type { SettingsStore, LoupeSettings as EngineSettings } from '../engine/settings.js';

// Compile-time: the API's settings and the engine's are the same keys with compatible values.
const sameShape: (s: EngineSettings) => LoupeSettings = (s) => s;

export function readSettings(store: SettingsStore): LoupeSettings {
  return sameShape(store.all());
}

/** Applies an already validated patch (see validate-args.ts) and returns the settings now in force. */
export function writeSettings(store: SettingsStore, patch: Partial<LoupeSettings>): LoupeSettings {
  for (const key of Object.keys(patch) as (keyof LoupeSettings)[]) {
    if (Object.hasOwn(patch, key)) store.set(key, patch[key]);
  }
  return readSettings(store);
}
