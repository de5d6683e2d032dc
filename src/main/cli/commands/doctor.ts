// `loupe doctor`: checks the library home (catalog, backups, writer lock, error log) without needing a sound
// catalog to start, and puts a backup back when the catalog was damaged, emptied or deleted.
import fs from 'node:fs';
import path from 'node:path';
import { openCatalogDb } from '../../engine/catalog/database.js';
import { listBackups, type BackupInfo } from '../../engine/home/catalog-health.js';
import { repairHome } from '../../engine/home/home-repair.js';
import { ERROR_LOG } from '../../engine/home/error-log.js';
import { CatalogDamagedError } from '../../engine/home/home-errors.js';
import { describeHolder, LibraryLock, type LockHolder } from '../../engine/home/library-lock.js';
import { LibraryError } from '../../engine/errors.js';
import type { CliContext, Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';

interface CatalogReport {
  state: 'ok' | 'new' | 'damaged';
  detail: string | null;
  photos: number | null;
  readOnly: boolean;
}

function checkCatalog(home: string): CatalogReport {
  const existed = fs.existsSync(path.join(home, 'catalog.sqlite'));
  try {
    const db = openCatalogDb(home);
    try {
      const photos = (db.prepare('SELECT COUNT(*) AS n FROM files').get() as { n: number }).n;
      return { state: existed ? 'ok' : 'new', detail: null, photos, readOnly: db.readonly };
    } finally {
      db.close();
    }
  } catch (err) {
    if (err instanceof CatalogDamagedError) return { state: 'damaged', detail: err.message, photos: null, readOnly: false };
    throw err;
  }
}

function report(ctx: CliContext, home: string, catalog: CatalogReport, backups: BackupInfo[], holder: LockHolder | null, extra: Record<string, unknown> = {}): void {
  const log = path.join(home, ERROR_LOG);
  const errorLog = fs.existsSync(log) ? log : null;
  if (ctx.json) {
    ctx.io.out(JSON.stringify({ home, catalog, backups, lock: holder, errorLog, ...extra }));
    return;
  }
  ctx.io.out(`Library home: ${home}`);
  if (catalog.state === 'damaged') ctx.io.out(`Catalog: ${catalog.detail}`);
  else ctx.io.out(`Catalog: sound${catalog.state === 'new' ? ' (new, empty)' : ''}, ${catalog.photos} photo file(s)${catalog.readOnly ? ', read-only home' : ''}`);
  if (backups.length === 0) ctx.io.out('Backups: none yet (one is made after each index run, at most one an hour).');
  else ctx.io.out(`Backups: ${backups.map((b) => `${new Date(b.takenAt).toLocaleString()} (${Math.round(b.bytes / 1024)} KB)`).join(', ')}`);
  ctx.io.out(holder ? `Writer: ${describeHolder(holder)}.` : 'Writer: none right now.');
  if (errorLog) ctx.io.out(`Error log: ${errorLog}`);
}

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check the library home (catalog, backups, writer lock); put a backup back after damage',
  usage: 'loupe doctor [--restore-backup [--backup FILE]] [--start-fresh] [--json]',
  options: { 'restore-backup': { type: 'boolean' }, backup: { type: 'string' }, 'start-fresh': { type: 'boolean' } },
  async run(ctx, positionals, values) {
    if (positionals.length > 0) throw new UsageError('doctor takes no arguments');
    const home = ctx.home;
    const restore = Boolean(values['restore-backup']);
    const fresh = Boolean(values['start-fresh']);
    if (restore && fresh) throw new UsageError('give --restore-backup or --start-fresh, not both');
    if (values.backup !== undefined && !restore) throw new UsageError('--backup FILE goes with --restore-backup');
    const lock = new LibraryLock(home, { command: 'loupe doctor' });
    const holder = lock.otherHolder();
    if (!restore && !fresh) {
      const catalog = checkCatalog(home);
      report(ctx, home, catalog, listBackups(home), holder);
      return catalog.state === 'damaged' ? 1 : 0;
    }
    if (holder) throw new LibraryError('busy', `${describeHolder(holder)}: stop it first, then run \`loupe doctor\` again.`);
    const backup = values.backup !== undefined ? path.resolve(values.backup as string) : undefined;
    const { restoredFrom, keptAside } = repairHome(home, fresh ? 'start-fresh' : 'restore-backup', 'loupe doctor', backup);
    const catalog = checkCatalog(home);
    if (fresh) {
      if (!ctx.json) ctx.io.out(`Started a new, empty catalog${keptAside ? `; the old one is kept at ${keptAside}` : ''}. Run \`loupe add\` and \`loupe index\`.`);
      report(ctx, home, catalog, listBackups(home), null, { setAside: keptAside });
      return 0;
    }
    if (!ctx.json) {
      ctx.io.out(`Restored the catalog from ${restoredFrom}${keptAside ? `; the damaged one is kept at ${keptAside}` : ''}.`);
      ctx.io.out('Run `loupe index` to catch up with photos added or changed since that backup.');
    }
    report(ctx, home, catalog, listBackups(home), null, { restoredFrom, keptAside });
    return catalog.state === 'damaged' ? 1 : 0;
  },
};
