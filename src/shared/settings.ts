// The user settings of a library: their values, written once. The engine's store validates against these
// lists (src/main/engine/settings.ts), the API checks patches with them (validate-args.ts), and the
// settings screen offers exactly them; each type below is derived from its list.
import { DEFAULT_KEEP_RULES, type KeepRuleId } from './duplicate-types.js';

export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

export const THEMES = ['system', 'light', 'dark'] as const;
export type ThemeSetting = (typeof THEMES)[number];

/** Where the models run: `auto` tries the platform's GPU providers and falls back to the CPU. */
export const PROVIDERS = ['auto', 'cpu', 'webgpu', 'dml', 'coreml', 'cuda'] as const;
export type ProviderChoice = (typeof PROVIDERS)[number];

/** The automatic-tag confidence a user may choose (the settings slider's ends). */
export const TAG_THRESHOLD_RANGE = { min: 0.05, max: 0.95, step: 0.05 } as const;

export interface LoupeSettings {
  /** the UI language; null follows the system */
  language: Language | null;
  theme: ThemeSetting;
  /** execution provider for the models */
  provider: ProviderChoice;
  /** automatic tags shown (and searched) at or above this detector confidence, within TAG_THRESHOLD_RANGE */
  tagThreshold: number;
  /** keep-best rules of the duplicate finder, first decides */
  keepRules: KeepRuleId[];
}

export const DEFAULT_SETTINGS: Readonly<LoupeSettings> = {
  language: null,
  theme: 'system',
  provider: 'auto',
  // Chosen on bench/tags-coco-caltech.ts: micro precision 0.90, recall 0.54 over 17 COCO classes (0.30 gives
  // precision 0.84, 0.40 recall 0.47). Precision first: a wrong tag costs more trust than a missing one.
  tagThreshold: 0.35,
  keepRules: [...DEFAULT_KEEP_RULES],
};

/** Every setting's key, in the order the defaults list them. */
export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof LoupeSettings)[];

export function isSettingKey(key: string): key is keyof LoupeSettings {
  return Object.hasOwn(DEFAULT_SETTINGS, key);
}
