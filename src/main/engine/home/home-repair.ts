// The ways out of a damaged home, shared by `loupe doctor` and the UI's banner (`loupe serve`): put a backup back,
// or start a new, empty catalog. Either way the old catalog is moved aside, never deleted, and the home's writer
// lock is held while files move.
import fs from 'node:fs';
import path from 'node:path';
import type { HomeRepair } from '../../../shared/home-types.js';
import { LibraryError } from '../errors.js';
import { catalogPath, listBackups, removeMarker, restoreBackup } from './catalog-health.js';
import { describeHolder, LibraryLock } from './library-lock.js';
import { openCatalogDb } from '../catalog/database.js';

export interface RepairResult {
  /** the backup put back ('restore-backup') */
  restoredFrom: string | null;
  /** where the old catalog now is (null when there was none) */
  keptAside: string | null;
}

/** Repairs the home as chosen; `backupFile` picks a backup other than the newest. Throws a LibraryError ('busy'
 *  while another Loupe writes, 'not-found' when there is no backup to restore). */
export function repairHome(home: string, choice: HomeRepair, command: string, backupFile?: string): RepairResult {
  const lock = new LibraryLock(home, { command });
  const holder = lock.otherHolder();
  if (holder) throw new LibraryError('busy', `${describeHolder(holder)}: stop it first, then try again.`);
  if (!lock.tryAcquire('repairing')) throw new LibraryError('busy', 'another Loupe started writing to this library: stop it first.');
  try {
    if (choice === 'start-fresh') {
      // Only when the user asks: the damaged catalog stays where it is, renamed, never deleted.
      const file = catalogPath(home);
      let aside: string | null = null;
      if (fs.existsSync(file)) {
        aside = `${file}.set-aside-${Date.now()}`;
        for (const s of ['', '-wal', '-shm']) if (fs.existsSync(file + s)) fs.renameSync(file + s, aside + s);
      }
      removeMarker(home);
      // The new, empty catalog now: old thumbnails left in the home must not read as a catalog gone missing.
      openCatalogDb(home, undefined, { fresh: true }).close();
      return { restoredFrom: null, keptAside: aside };
    }
    const chosen = backupFile ?? listBackups(home)[0]?.file;
    if (!chosen) {
      throw new LibraryError('not-found', `There is no backup in ${path.join(home, 'backups')}; \`loupe doctor --start-fresh\` starts a new catalog (the old one is kept aside).`);
    }
    const { keptAside } = restoreBackup(home, chosen);
    return { restoredFrom: chosen, keptAside };
  } finally {
    lock.release();
  }
}
