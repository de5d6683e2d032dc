import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { damageKey, type FileRepository, type FileRow, type FileSnapshot } from '../catalog/file-repository.js';
import type { FolderRepository, FolderRow } from '../catalog/folder-repository.js';
import type { HomeLayout } from '../home.js';
import { Job, JobCancelledError } from '../jobs/job.js';
import { PHOTO_EXTENSIONS, thumbnailPaths } from '../media/index.js';
import { processDeepWalk, processDueFiles, stageVersions } from '../pipeline/process-files.js';
import { deepWalks, passOf, type Stage } from '../pipeline/stage.js';
import type { DeepPriority } from '../pipeline/deep-priority.js';
import { hashFile } from '../scan/content-hash.js';
import { describeFsError, walkFolder, type WalkProblem } from '../scan/walk-folder.js';
import { linkedFolderOf, linkOutside } from '../scan/links.js';
import type { FileFailure, IndexedDamage, IndexSummary, LibraryFolder, PhotoRecord, StatusReport } from '../../../shared/library-types.js';
import { isInsideOrEqual, owningFolder } from './folder-paths.js';
import { reconcile, type SeenFile } from './reconcile.js';
import type { EditedCopyService, TakenOver } from './edited-copy-service.js';
import { LibraryError } from '../errors.js';
import type { LibraryLock } from '../home/library-lock.js';
import { missingThumbnails } from '../cache/thumbnail-cache.js';
import { realPathOr } from '../util/real-path.js';
import { folderLooksDisconnected } from './disconnected-folder.js';
import type { SkippedRepository } from '../catalog/skipped-repository.js';
import type { UnreportedAdditionsRepository } from '../catalog/unreported-additions-repository.js';

export { LibraryError };

/** The stages that write a photo's thumbnails: the grid one (AnalyzeStage), the viewer one (PreviewStage). */
const THUMBNAIL_STAGES = [{ stage: 'analyze', kind: 'small' }, { stage: 'preview', kind: 'medium' }] as const;

export interface LibraryServiceDeps {
  folders: FolderRepository;
  files: FileRepository;
  layout: HomeLayout;
  stages: readonly Stage[];
  /** files processed at once; image decoding also uses libvips threads */
  concurrency: number;
  /** warnings that are not about one file (a folder that vanished, an unreadable sub-folder) */
  warn: (message: string) => void;
  /** runs after every index run's quick pass, when the catalog is current (the similarity index follows it here) */
  afterRun?: () => Promise<void>;
  /** the home's one-writer lock: every run holds it (another process's run is waited for) */
  writer?: Pick<LibraryLock, 'hold'>;
  /** runs after the deep pass did any work (people grouping, say) */
  afterDeepPass?: () => Promise<void>;
  /** photos seen but not catalogued, kept for `status` (a name that is not UTF-8, a link out of the library) */
  skipped?: SkippedRepository;
  /** the photos the user opened: the deep pass does them first */
  priority?: DeepPriority;
  /** finds the photos that went and came back edited (moved and changed), and gives them back their rows */
  editedCopies?: Pick<EditedCopyService, 'arrived' | 'carryOver'>;
  /** the new photos no finished run has reported as added: a stopped run's are counted by the next one */
  unreported?: Pick<UnreportedAdditionsRepository, 'add' | 'ids' | 'clear'>;
}

/** How much of the pipeline an index run does. */
export interface IndexRunOptions {
  /** the quick pass only (browsable and searchable); the deep stages wait for a later run */
  quick?: boolean;
}

/** How long a file that vanished under the watcher stays a move candidate before it counts as removed. */
export const WATCH_REMOVAL_GRACE_MS = 30_000;

/** Library folders, scanning and the catalog view of files: keeps the catalog in line with the disk. */
export class LibraryService {
  /**
   * Files the watcher saw vanish, kept (with everything attached) for a while: the other half of a move can come
   * much later than the removal (a slow copy to another disk, a batch that was already processed). A file that
   * reappears anywhere in the library with the same bytes is then recognised as moved.
   */
  private readonly vanished = new Map<number, { snapshot: FileSnapshot; since: number }>();

  /** runs of this process, one after another (the watcher's batches and a full index never overlap) */
  private turn: Promise<unknown> = Promise.resolve();

  private readonly quickStages: readonly Stage[];
  private readonly deepStages: readonly Stage[];

  constructor(private readonly deps: LibraryServiceDeps) {
    this.quickStages = deps.stages.filter((s) => passOf(s) === 'quick');
    this.deepStages = deps.stages.filter((s) => passOf(s) === 'deep');
  }

  /** Runs `fn` after this process's earlier runs, holding the library's writer lock. */
  private exclusive<T>(activity: string, job: Job, fn: () => Promise<T>): Promise<T> {
    const writer = this.deps.writer;
    // While another process writes (`loupe index` in a terminal), the job says whom it waits for, not "scanning 0/0"
    const run = this.turn.then(() => (writer ? writer.hold(activity, fn, job.signal, (holder) => job.waitFor(holder)) : fn()));
    this.turn = run.catch(() => {});
    return run;
  }

  /** Whether vanished files wait to be counted as removed (the watcher then calls indexPaths([]) later). */
  hasPendingRemovals(): boolean {
    return this.vanished.size > 0;
  }

  listFolders(): LibraryFolder[] {
    const counts = this.deps.folders.fileCounts();
    return this.deps.folders.list().map((f) => {
      const folder = toLibraryFolder(f, counts.get(f.id) ?? 0);
      // The stored status is the last run's; a folder gone since (a drive unplugged while Loupe runs) reads as missing
      // now, not "ok" until the next run (trial 17), and one back since (plugged in while Loupe runs) as there, not
      // "missing" until the next full index (trial 36: the watcher indexed it at once, the sidebar said Missing on).
      // Only shown: the next run records it.
      if (folder.status === 'ok' && !existsSync(folder.path)) return { ...folder, status: 'missing' as const, reason: describeFsError({ code: 'ENOENT' }) };
      if (folder.status === 'missing' && !folderLooksDisconnected(folder.path)) return { ...folder, status: 'ok' as const, reason: null };
      return folder;
    });
  }

  /** Adds a folder (absolute or relative to the cwd). A folder inside one already in the library is refused;
   *  a folder that contains library folders absorbs them, keeping their files. */
  async addFolder(input: string): Promise<LibraryFolder> {
    const folderPath = path.resolve(input);
    let stat;
    try {
      stat = await fs.stat(folderPath);
    } catch (err) {
      throw new LibraryError('invalid', `Cannot add ${folderPath}: ${describeFsError(err)}.`);
    }
    if (!stat.isDirectory()) throw new LibraryError('invalid', `Cannot add ${folderPath}: it is not a folder.`);
    if (isInsideOrEqual(folderPath, this.deps.layout.root)) {
      throw new LibraryError('invalid', `Cannot add ${folderPath}: it is Loupe's own library home.`);
    }
    const existing = this.deps.folders.list();
    const parent = existing.find((f) => isInsideOrEqual(folderPath, f.path));
    if (parent) {
      throw new LibraryError(
        'invalid',
        parent.path === folderPath
          ? `${folderPath} is already in the library.`
          : `${folderPath} is already in the library, inside ${parent.path}.`,
      );
    }
    const row = this.deps.files.transaction(() => {
      const created = this.deps.folders.insert(folderPath);
      for (const child of existing.filter((f) => isInsideOrEqual(f.path, folderPath))) {
        this.deps.files.reassignFolder(child.id, created.id);
        this.deps.folders.delete(child.id);
      }
      return created;
    });
    const counts = this.deps.folders.fileCounts();
    return toLibraryFolder(row, counts.get(row.id) ?? 0);
  }

  /** Forgets a folder and its files' catalog records. Never touches the photos on disk. */
  removeFolder(input: string): { path: string; files: number } {
    const folderPath = path.resolve(input);
    const row = this.deps.folders.byPath(folderPath);
    if (!row) throw new LibraryError('not-found', `${folderPath} is not a library folder.`);
    const files = this.deps.folders.fileCounts().get(row.id) ?? 0;
    this.deps.folders.delete(row.id);
    return { path: folderPath, files };
  }

  /** Full reconcile of every library folder with the disk, then every due processing stage. */
  async index(job: Job = new Job('index'), options: IndexRunOptions = {}): Promise<IndexSummary> {
    return this.exclusive('indexing', job, async () => {
      const first = await this.indexAll(job, options, false);
      // A file that moved or vanished while it was being read failed with "it disappeared": usually a rename. Those
      // are looked at again once, with a fresh scan, so the renamed file is found (and keeps its record) instead of
      // staying failed for good.
      const vanished = this.deps.files.failures().filter((f) => !existsSync(f.path));
      if (vanished.length === 0) {
        job.finish('done');
        return first;
      }
      for (const f of vanished) {
        const row = this.deps.files.byPath(f.path);
        if (row) this.deps.files.clearErrorsOf(row.id);
      }
      const again = await this.indexAll(job, options);
      return {
        ...again,
        added: first.added + again.added,
        updated: first.updated + again.updated,
        moved: first.moved + again.moved,
        movedChanged: first.movedChanged + again.movedChanged,
        removed: first.removed + again.removed,
        unchanged: first.unchanged,
        seconds: round2(first.seconds + again.seconds),
      };
    });
  }

  private async indexAll(job: Job, options: IndexRunOptions, finish = true): Promise<IndexSummary> {
    const started = Date.now();
    const damagedBefore = this.deps.files.damagedVersions();
    job.startPhase('scan', 0);
    const walkStarted = performance.now();
    const seen: SeenFile[] = [];
    const known: FileSnapshot[] = [];
    const scannedFolderIds: number[] = [];
    const skippedNow: WalkProblem[] = [];
    for (const folder of this.deps.folders.list()) {
      await job.checkpoint();
      let walk;
      try {
        walk = await walkFolder(folder.path, {
          extensions: PHOTO_EXTENSIONS,
          exclude: [this.deps.layout.root],
          signal: job.signal,
          allowTarget: this.insideLibrary(),
        });
      } catch (err) {
        if (err instanceof JobCancelledError || job.signal.aborted) throw err;
        const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
        const reason = describeFsError(err);
        this.deps.folders.setStatus(folder.id, missing ? 'missing' : 'unreadable', reason);
        this.deps.warn(`Library folder ${folder.path} was skipped: ${reason}. Its photos stay in the catalog.`);
        continue;
      }
      const catalogued = this.deps.files.snapshotOfFolder(folder.id);
      if (walk.files.length === 0 && catalogued.length > 0 && folderLooksDisconnected(folder.path)) {
        // A drive or network share that is not connected often leaves its mount point behind as an empty folder:
        // that is a missing folder, not one whose photos were all deleted (deleting them leaves the folder's other
        // entries, or the user removes the folder from the library).
        const reason = 'it is empty (a drive or share that is not connected?)';
        this.deps.folders.setStatus(folder.id, 'missing', reason);
        this.deps.warn(`Library folder ${folder.path} was skipped: ${reason}. Its ${catalogued.length} photos stay in the catalog.`);
        continue;
      }
      this.reportProblems(walk.unreadableDirs);
      this.reportSkipped(folder.id, folder.path, walk.skipped);
      skippedNow.push(...walk.skipped);
      seen.push(...walk.files.map((f) => ({ ...f, folderId: folder.id })));
      known.push(...keepOutside(catalogued, walk.unreadableDirs));
      scannedFolderIds.push(folder.id);
    }
    job.recordTiming('walk', performance.now() - walkStarted);
    this.checkThumbnails();
    const summary = await this.reconcileAndProcess(seen, known, job, options);
    for (const id of scannedFolderIds) this.deps.folders.markScanned(id);
    this.vanished.clear(); // a full reconcile has settled every file the watcher saw vanish
    const scanned = new Set(scannedFolderIds);
    const failed = this.deps.files
      .failures()
      .filter((f) => {
        const row = this.deps.files.byPath(f.path);
        return row !== undefined && scanned.has(row.folder_id);
      })
      .map(({ path: p, reason, code }) => ({ path: p, reason, code }));
    failed.push(...skippedNow.map(({ path: p, reason, code }) => ({ path: p, reason, code: code ?? 'skipped' })));
    const damaged = this.damagedSince(damagedBefore, (row) => scanned.has(row.folder_id));
    if (finish) job.finish('done');
    return { ...summary, failed, ...(damaged.length && { damaged }), seconds: round2((Date.now() - started) / 1000) };
  }

  /** Reconciles only the given paths (files or folders, present or gone): what the watcher reports. */
  async indexPaths(
    paths: readonly string[],
    job: Job = new Job('watch'),
    graceMs = WATCH_REMOVAL_GRACE_MS,
    options: IndexRunOptions = {},
  ): Promise<IndexSummary> {
    return this.exclusive('indexing changes in', job, () => this.indexSome(paths, job, graceMs, options));
  }

  private async indexSome(paths: readonly string[], job: Job, graceMs: number, options: IndexRunOptions): Promise<IndexSummary> {
    const started = Date.now();
    const damagedBefore = this.deps.files.damagedVersions();
    const folders = this.deps.folders.list();
    const seen = new Map<string, SeenFile>();
    const known = new Map<number, FileSnapshot>();
    for (const p of new Set(paths.map((x) => path.resolve(x)))) {
      const folder = owningFolder(p, folders);
      if (!folder) continue;
      for (const k of this.deps.files.snapshotUnder(p, path.sep)) known.set(k.id, k);
      // reached through a folder link (one made while Loupe runs, or a photo in it): not followed, as by the walk
      const linked = await linkedFolderOf(p, folder.path);
      if (linked !== null) {
        if (!this.insideLibrary()(linked)) this.reportSkipped(folder.id, p, [linkOutside(p, linked)]);
        continue;
      }
      let stat;
      try {
        stat = await fs.stat(p);
      } catch {
        continue; // gone: its catalog rows (collected above) are move or removal candidates
      }
      if (stat.isDirectory()) {
        try {
          const walk = await walkFolder(p, { extensions: PHOTO_EXTENSIONS, exclude: [this.deps.layout.root], allowTarget: this.insideLibrary() });
          this.reportProblems(walk.unreadableDirs);
          this.reportSkipped(folder.id, p, walk.skipped);
          for (const f of walk.files) seen.set(f.path, { ...f, folderId: owningFolder(f.path, folders)!.id });
        } catch (err) {
          this.deps.warn(`Could not read ${p}: ${describeFsError(err)}.`);
        }
      } else if (stat.isFile() && PHOTO_EXTENSIONS.has(path.extname(p).toLowerCase()) && !path.basename(p).startsWith('.')) {
        const real = await fs.realpath(p).catch(() => p);
        if (real !== p && !this.insideLibrary()(real)) {
          this.reportSkipped(folder.id, p, [linkOutside(p, real)]);
          continue;
        }
        seen.set(p, { path: p, size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs), folderId: folder.id });
      }
    }
    // A move shows up as a gone path and a new path, possibly in different batches: files that vanished earlier
    // are still candidates.
    for (const { snapshot } of this.vanished.values()) if (!known.has(snapshot.id)) known.set(snapshot.id, snapshot);
    const counts = await this.reconcileAndProcess([...seen.values()], [...known.values()], job, options, true);
    const removed = this.settleVanished(graceMs);
    const summary = { ...counts, removed };
    const touched = new Set([...seen.keys()]);
    const failed = this.deps.files
      .failures()
      .filter((f) => touched.has(f.path))
      .map(({ path: p, reason, code }) => ({ path: p, reason, code }));
    const damaged = this.damagedSince(damagedBefore, (row) => touched.has(row.path));
    job.finish('done');
    return { ...summary, failed, ...(damaged.length && { damaged }), seconds: round2((Date.now() - started) / 1000) };
  }

  /** The damaged photos `within` a run's reach, each `known` where the catalog held it damaged, with the same bytes,
   *  before the run (`before`: damagedVersions() then): a file cut short stays so, and is news once. */
  private damagedSince(before: Set<string>, within: (row: FileRow) => boolean): IndexedDamage[] {
    const out: IndexedDamage[] = [];
    for (const d of this.deps.files.damaged()) {
      const row = this.deps.files.byPath(d.path);
      if (row && within(row)) out.push({ ...d, known: before.has(damageKey(row)) });
    }
    return out;
  }

  /** The id of the library folder holding `filePath`, or null when no library folder does. */
  folderIdOf(filePath: string): number | null {
    return owningFolder(path.resolve(filePath), this.deps.folders.list())?.id ?? null;
  }

  /** How many photos (failed ones aside) still wait for one stage, of how many: one stage's part of status(). A
   *  photo still in the quick pass waits for every deep stage too (pendingByStage counts it). */
  stageProgress(stage: string): { waiting: number; photos: number } {
    const wanted = this.deps.stages.filter((s) => s.name === stage);
    const counts = this.deps.files.countByState();
    const waiting = wanted.length ? (this.deps.files.pendingByStage(stageVersions(wanted))[stage] ?? 0) : 0;
    return { waiting, photos: counts.ready + counts.pending };
  }

  status(): StatusReport {
    const counts = this.deps.files.countByState();
    return {
      folders: this.listFolders(),
      files: counts.ready,
      pending: counts.pending,
      pendingByStage: this.deps.files.pendingByStage(stageVersions(this.deps.stages)),
      failed: this.failures(),
      damaged: this.deps.files.damaged(),
    };
  }

  /** Files that could not be indexed, and files skipped, each with its reason: without the rest of status() (its
   *  per-stage counts, 40 CPU ms at 100,000 photos: bench/status-scale.ts). The UI's failure list asks this. */
  failures(): FileFailure[] {
    return [...this.deps.files.failures().map(({ path: p, reason, code }) => ({ path: p, reason, code })), ...(this.deps.skipped?.all() ?? [])];
  }

  /** The id of the catalogued photo at a path (absolute, or relative to the cwd), or null when there is none. The
   *  engine names photos by id; callers that start from a path (the CLI, evaluations) convert it here, once. */
  photoIdAt(input: string): number | null {
    return this.deps.files.byPath(path.resolve(input))?.id ?? null;
  }

  /** The catalog record of one photo, or null when there is no photo with this id. */
  info(fileId: number): PhotoRecord | null {
    const row = this.deps.files.byId(fileId);
    if (!row) return null;
    const folder = this.deps.folders.list().find((f) => f.id === row.folder_id);
    const stages = Object.fromEntries(
      this.deps.files.stagesOf(row.id).map((s) => [s.stage, { version: s.version, doneAt: new Date(s.done_at).toISOString() }]),
    );
    return {
      id: row.id,
      path: row.path,
      folder: folder?.path ?? '',
      size: row.size,
      mtime: new Date(row.mtime_ms).toISOString(),
      contentHash: row.content_hash,
      format: row.format,
      formatLabel: row.format_label,
      width: row.width,
      height: row.height,
      orientation: row.orientation,
      takenAt: row.taken_at,
      takenAtSource: row.taken_at_source,
      camera: { make: row.camera_make, model: row.camera_model, lens: row.lens },
      gps: row.gps_lat !== null && row.gps_lon !== null ? { lat: row.gps_lat, lon: row.gps_lon, alt: row.gps_alt } : null,
      damage: row.damage,
      state: row.state,
      stages,
      errors: this.errorsOf(row.id),
      thumbnails: stages.analyze ? thumbnailPaths(this.deps.layout.thumbnails, row.content_hash) : null,
    };
  }

  /** Why a photo's stages failed (the viewer's error list), without building its whole record. */
  errorsOf(fileId: number): { stage: string; code: string; reason: string }[] {
    return this.deps.files.errorsOf(fileId).map((e) => ({ stage: e.stage, code: e.code, reason: e.reason }));
  }

  /**
   * Brings stale `state` values in line after an upgrade changed the stage list or versions (and those a crash left).
   * `since`: what this returned at the last refresh (stored by the caller); while the quick stages are the same, only
   * photos that are not 'ready' are looked at. Returns what to pass next time.
   */
  refreshStates(since?: string): string {
    const required = stageVersions(this.quickStages);
    const signature = JSON.stringify(required);
    // A photo is 'ready' once through the quick pass; the deep stages' progress is counted per stage.
    this.deps.files.refreshStates(required, { notReadyOnly: since === signature });
    return signature;
  }

  /** Thumbnails that went missing or were damaged: the stage that makes them is due again for their photos. */
  private checkThumbnails(): void {
    const redone = new Set<number>();
    for (const { stage, kind } of THUMBNAIL_STAGES) {
      const owner = this.deps.stages.find((s) => s.name === stage);
      if (!owner) continue;
      const done = this.deps.files.doneFor(stage);
      const missing = missingThumbnails(this.deps.layout.thumbnails, new Set(done.map((d) => d.content_hash)), [kind]);
      if (missing.size === 0) continue;
      const ids = done.filter((d) => missing.has(d.content_hash)).map((d) => d.id);
      this.deps.files.redoStage(ids, stage, { keepState: passOf(owner) === 'deep' });
      for (const id of ids) redone.add(id);
    }
    if (redone.size > 0) this.deps.warn(`${redone.size} photo(s) had missing or damaged thumbnails: they are made again now.`);
  }

  /** Forgets vanished files that did not come back within the grace period; returns how many. */
  private settleVanished(graceMs: number): number {
    let removed = 0;
    const folders = this.deps.folders.list();
    const folderGone = new Map<number, boolean>();
    for (const [id, { snapshot, since }] of this.vanished) {
      const row = this.deps.files.byId(id);
      if (!row || row.path !== snapshot.path || existsSync(row.path)) {
        this.vanished.delete(id); // moved, put back, or already handled: not a removal
      } else if (Date.now() - since >= graceMs) {
        // the whole library folder went (a drive or share disconnected while watched): not a removal either; the
        // next full index reports the folder as missing
        const folder = folders.find((f) => f.id === row.folder_id);
        if (folder && !folderGone.has(folder.id)) folderGone.set(folder.id, folderLooksDisconnected(folder.path));
        if (folder && folderGone.get(folder.id)) {
          this.vanished.delete(id);
          continue;
        }
        this.deps.files.delete(id);
        this.vanished.delete(id);
        removed++;
      }
    }
    return removed;
  }

  /**
   * `watched`: a watcher's batch, whose vanished files wait (this.vanished) for the other half of a move; otherwise
   * the files gone now are removed at the end. Either way not before the new files have been through the quick pass:
   * a photo moved and edited is only recognised by its picture (edited-copies.ts).
   */
  private async reconcileAndProcess(
    seen: SeenFile[],
    known: FileSnapshot[],
    job: Job,
    options: IndexRunOptions,
    watched = false,
  ): Promise<Omit<IndexSummary, 'failed' | 'seconds'>> {
    // new photos an earlier run catalogued and was stopped before it could say so: this run says it
    const unreported = new Set(this.deps.unreported?.ids());
    const counts = await reconcile(seen, known, {
      files: this.deps.files,
      hashFile: async (p) => {
        const t0 = performance.now();
        try {
          return await hashFile(p);
        } finally {
          job.recordTiming('hash', performance.now() - t0);
        }
      },
      signal: job.signal,
      onHashed: (done, total, p) => {
        if (done === 1) job.startPhase('scan', total);
        job.itemDone(p);
      },
      onAdded: (id) => {
        this.deps.editedCopies?.arrived(id);
        this.deps.unreported?.add(id);
      },
    });
    const { gone } = counts;
    // A watcher's batch keeps its vanished files (the ones of earlier batches are among `gone` again) before the quick
    // pass: a batch stopped in it (the UI's cancel) leaves them to the next batch's comparison, with the new photos
    // waiting, instead of to a full run that would remove them unseen.
    const vanishedNow = watched ? gone.filter((g) => !this.vanished.has(g.id)) : [];
    for (const g of vanishedNow) this.vanished.set(g.id, { snapshot: g, since: Date.now() });
    await processDueFiles(this.deps.files, this.quickStages, job, this.deps.concurrency);
    // their grace counts from here: a long quick pass must not use it up before the other half of a move can come
    for (const g of vanishedNow) {
      const entry = this.vanished.get(g.id);
      if (entry) entry.since = Date.now();
    }
    // Stopped here, the gone rows stay, and so do the new photos waiting to be compared with them: the next run
    // compares them before it removes anything.
    await job.checkpoint();
    const taken = await this.carryEdited(gone, job);
    // the rows that took a new file: their stages are due for its bytes
    if (taken.length > 0) await processDueFiles(this.deps.files, this.quickStages, job, this.deps.concurrency);
    const takenIds = new Set(taken.map((t) => t.goneId));
    let removed = 0;
    if (!watched) {
      const rest = gone.filter((g) => !takenIds.has(g.id));
      this.deps.files.transaction(() => {
        for (const g of rest) this.deps.files.delete(g.id);
      });
      // a photo a stopped run catalogued and that went since was never said to be added: nor is it said removed
      removed = rest.filter((g) => !unreported.has(g.id)).length;
    }
    await this.deps.afterRun?.();
    if (!options.quick) await this.runDeepPass(job);
    const { added, updated, unchanged, moved } = counts;
    // this run's new files that took their old row back are no additions; a stopped run's that are still their own
    // rows are (one taken over or deleted since has no row any more)
    const addedNow = new Set(counts.addedIds);
    const takenNow = taken.filter((t) => addedNow.has(t.newId)).length;
    const addedBefore = [...unreported].filter((id) => !addedNow.has(id) && this.deps.files.byId(id));
    this.deps.unreported?.clear([...unreported, ...addedNow]);
    // a stopped run's new file was found unchanged by this run's reconcile: it is counted once, as added or as taken
    // over (one that changed again since counts as updated too: rare, and the total then one too high)
    const before = addedBefore.length + taken.length - takenNow;
    return {
      added: added - takenNow + addedBefore.length,
      updated,
      unchanged: Math.max(0, unchanged - before),
      moved,
      movedChanged: taken.length,
      removed,
    };
  }

  /**
   * The gone rows (still in the catalog, their file not at its path) that took over a new file as edited copies: of
   * this run's, or of an earlier run's that was stopped before its comparison (EditedCopyService keeps them waiting).
   */
  private async carryEdited(gone: readonly FileSnapshot[], job: Job): Promise<TakenOver[]> {
    const finder = this.deps.editedCopies;
    if (!finder) return [];
    // only rows still where they were: one the watcher kept may have been taken, moved or put back since
    const stillGone = gone.filter((g) => this.deps.files.byId(g.id)?.path === g.path && !existsSync(g.path));
    const t0 = performance.now();
    try {
      return await finder.carryOver(stillGone, job.signal);
    } catch (err) {
      if (err instanceof JobCancelledError || job.signal.aborted) throw err;
      this.deps.warn(`Photos moved and edited could not be compared with the ones that went: ${(err as Error).message}.`);
      return [];
    } finally {
      job.recordTiming('edited-copies', performance.now() - t0);
    }
  }

  /** Whether a real path lies inside a library folder (their real paths, links resolved). */
  private insideLibrary(): (real: string) => boolean {
    const roots = this.deps.folders.list().map((f) => realPathOr(f.path));
    return (real) => roots.some((r) => isInsideOrEqual(real, r));
  }

  /** Says what a scan of `under` saw but could not catalogue, and keeps it for `status` until it is fixed. */
  private reportSkipped(folderId: number, under: string, skipped: readonly WalkProblem[]): void {
    for (const p of skipped) this.deps.warn(`Not catalogued: ${p.path}: ${p.reason}.`);
    this.deps.skipped?.replaceUnder(folderId, under, path.sep, skipped.map(({ path: p, reason, code }) => ({ path: p, reason, code: code ?? 'skipped' })));
  }

  /** Every deep stage over every photo through the quick pass, one walk (a stage, or stages sharing a decode) at a time. */
  private async runDeepPass(job: Job): Promise<void> {
    let processed = 0;
    for (const walk of deepWalks(this.deepStages)) {
      processed += (await processDeepWalk(this.deps.files, walk, job, this.deps.concurrency, this.deps.priority)).processed;
    }
    if (processed > 0) await this.deps.afterDeepPass?.();
  }

  private reportProblems(problems: readonly WalkProblem[]): void {
    for (const p of problems) this.deps.warn(`Skipped ${p.path}: ${p.reason}. What the catalog holds below it is kept.`);
  }
}

function keepOutside(known: FileSnapshot[], unreadable: readonly WalkProblem[]): FileSnapshot[] {
  if (unreadable.length === 0) return known;
  return known.filter((k) => !unreadable.some((u) => isInsideOrEqual(k.path, u.path)));
}

function toLibraryFolder(f: FolderRow, files: number): LibraryFolder {
  return {
    path: f.path,
    status: f.status,
    reason: f.status_reason,
    files,
    lastScanAt: f.last_scan_at ? new Date(f.last_scan_at).toISOString() : null,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
