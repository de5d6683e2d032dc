// Which palette to show: the saved choice, or the system's when the choice is 'system'.
import type { ThemeSetting } from '../../shared/api.js';

export type Theme = 'light' | 'dark';

export function resolveTheme(setting: ThemeSetting, systemPrefersDark: boolean): Theme {
  if (setting === 'light' || setting === 'dark') return setting;
  return systemPrefersDark ? 'dark' : 'light';
}
