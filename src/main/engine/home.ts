import os from 'node:os';
import path from 'node:path';

/** Folder name of the library home; the Electron app uses the same (its userData folder for productName "Loupe"). */
export const APP_DIR_NAME = 'Loupe';

/**
 * Where the catalog, thumbnails and indexes live. Precedence: an explicit --home, then LOUPE_HOME, then the OS
 * app-data folder the desktop app also uses, so the CLI and the app share one library.
 */
export function resolveHome(explicit?: string, env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (explicit) return path.resolve(explicit);
  if (env.LOUPE_HOME) return path.resolve(env.LOUPE_HOME);
  return path.join(appDataDir(env, platform), APP_DIR_NAME);
}

function appDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (platform === 'win32') return env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config');
}

export interface HomeLayout {
  root: string;
  thumbnails: string;
}

export function homeLayout(home: string): HomeLayout {
  return { root: home, thumbnails: path.join(home, 'thumbnails') };
}
