import { EventEmitter } from 'node:events';
import fsSync, { type FSWatcher } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import parcelWatcher, { type AsyncSubscription, type Event as WatchEvent } from '@parcel/watcher';
import type { IndexSummary } from '../../../shared/library-types.js';
import { WATCH_REMOVAL_GRACE_MS } from '../library/library-service.js';
import { isInsideOrEqual } from '../library/folder-paths.js';
import type { Job } from '../jobs/job.js';
import { WriteStability } from './write-stability.js';

export interface WatcherOptions {
  /** quiet time before a batch of changes is indexed */
  debounceMs?: number;
  /** removals wait this long for the matching "add" of a move, so a moved photo keeps its identity */
  moveGraceMs?: number;
  /** a file must stop growing for this long before it is read (copies in progress) */
  writeStabilityMs?: number;
  /** folders never reported (the library home) */
  exclude?: readonly string[];
  /** a vanished file counts as removed once it has not come back for this long (default: the library's) */
  removalGraceMs?: number;
}


/** What the watcher needs of the library (LibraryService is one; the backend hands it one that queues its runs). */
export interface WatchedLibrary {
  /** Indexes the changed paths of one batch; vanished files are counted as removed after `graceMs`. */
  indexPaths(paths: readonly string[], job?: Job, graceMs?: number): Promise<IndexSummary>;
  /** Whether vanished files wait to be counted as removed (the watcher then calls indexPaths([]) later). */
  hasPendingRemovals(): boolean;
}

/**
 * Follows library folders live and feeds changed paths to the library in debounced batches. Uses @parcel/watcher:
 * on Linux one inotify watch per FOLDER (chokidar held one per file: 100,000 photos cost 686 MiB and 10 CPU-s to set
 * up, and a million exceed the system's inotify limit), with events gathered natively, so a burst (a camera import of
 * 500 files) is not dropped as it is with recursive fs.watch. Files still being written wait in WriteStability.
 * Start-up reconciliation is the caller's job: `library.index()` AFTER `start()` has resolved, so nothing missed
 * while Loupe was closed is lost, and nothing added during that first pass either (the scan or the watcher sees it).
 */
export class LibraryWatcher extends EventEmitter<{ batch: [IndexSummary]; error: [Error]; ready: []; folder: [string] }> {
  private subscriptions: AsyncSubscription[] = [];
  private folders: string[] = [];
  /** parents of missing folders, watched until the folder is back */
  private parentWatches = new Map<string, FSWatcher>();
  /** new folder trees given a subscription of their own (see onNewFolder), by folder: released once the folder is
   *  removed or moved away, or a newer tree around it covers it */
  private trees = new Map<string, AsyncSubscription>();
  private closed = false;
  /** new folders being looked through (idle() waits for them) */
  private walking = 0;
  private stability: WriteStability | null = null;
  private pending = new Set<string>();
  private hasRemovals = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private readonly debounceMs: number;
  private readonly moveGraceMs: number;
  private readonly stabilityMs: number;
  private readonly exclude: string[];
  private readonly removalGraceMs: number | undefined;
  private settleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly library: WatchedLibrary, options: WatcherOptions = {}) {
    super();
    this.debounceMs = options.debounceMs ?? 400;
    this.moveGraceMs = options.moveGraceMs ?? 1500;
    this.stabilityMs = options.writeStabilityMs ?? 500;
    this.exclude = (options.exclude ?? []).map((p) => path.resolve(p));
    this.removalGraceMs = options.removalGraceMs;
  }

  /** Resolves once every folder is watched (a missing one, an unplugged disk, once it is back). 'folder' says a library
   *  folder went (a drive unplugged, the folder renamed away) or came back: its photos stay, so no batch may change
   *  anything, and the UI hears of the folder's state only from this (trial 36: "Up to date" while it was gone). */
  async start(folders: readonly string[]): Promise<void> {
    this.folders = folders.map((f) => path.resolve(f));
    this.stability = new WriteStability(this.stabilityMs, (file) => this.onEvent('add', file), (dir) => void this.onNewFolder(dir));
    for (const folder of this.folders) {
      try {
        this.subscriptions.push(await this.subscribe(folder));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          this.awaitFolder(folder);
          continue;
        }
        this.cannotWatch(folder, err);
      }
    }
    this.emit('ready');
  }

  private async subscribe(folder: string, root = folder): Promise<AsyncSubscription> {
    // inotify reports real paths: a library folder that is itself a symlink is watched at its target and its
    // events are reported under the folder's own path, the one the catalog knows.
    const real = await fs.realpath(folder);
    const shown = (p: string): string => (real === folder ? p : folder + p.slice(real.length));
    let subscription: AsyncSubscription | null = null;
    subscription = await parcelWatcher.subscribe(real, (err, events) => {
      if (err) return void this.emit('error', err);
      for (const e of events) {
        const p = shown(e.path);
        if (e.type === 'delete' && p === folder && subscription) this.subscribedFolderGone(folder, root, subscription);
        this.onWatchEvent(root, e.type, p);
      }
    }, {
      // Not watched at all (no inotify watch spent): hidden files and folders, the library home. onWatchEvent
      // checks both again, so a pattern the native matcher reads differently loses nothing.
      ignore: [/[/][.][^/]*$/, ...this.exclude.filter((e) => isInsideOrEqual(e, folder)).map((e) => path.join(real, path.relative(folder, e)))],
    });
    return subscription;
  }

  /** The watched folder itself was removed (a disk unplugged, the folder deleted): its watch is dead and would not
   *  see the folder come back (trial 17: removed and restored while `loupe serve` ran, nothing in it was seen again
   *  until a restart). A library folder is then awaited as on start. */
  private subscribedFolderGone(folder: string, root: string, subscription: AsyncSubscription): void {
    if (this.trees.get(folder) === subscription) return this.releaseTree(folder);
    const i = this.subscriptions.indexOf(subscription);
    if (i < 0) return;
    this.subscriptions.splice(i, 1);
    void subscription.unsubscribe().catch(() => {});
    if (folder === root && !this.closed) {
      this.awaitFolder(folder);
      this.emit('folder', folder);
    }
  }

  private releaseTree(folder: string): void {
    const subscription = this.trees.get(folder);
    this.trees.delete(folder);
    void subscription?.unsubscribe().catch(() => {});
  }

  /** `p` was removed or moved away (renamed, moved out of the library, to the trash): the trees at or under it are
   *  gone from here, and their subscriptions would otherwise follow the folders wherever they went (inotify watches
   *  the folder, not its path) until a restart. A tree still there (removed and made again at once) keeps its own. */
  private treesGone(p: string): void {
    for (const tree of this.trees.keys()) {
      if (isInsideOrEqual(tree, p) && !fsSync.statSync(tree, { throwIfNoEntry: false })?.isDirectory()) this.releaseTree(tree);
    }
  }

  /** The new folder trees watched by a subscription of their own, until they are removed or moved away. */
  watchedTrees(): string[] {
    return [...this.trees.keys()];
  }

  /** A missing folder (an unplugged disk): its parent is watched, without recursion, one inotify watch, until the
   *  folder is back; then the folder is watched and looked through (the library's walk of it, as on open). */
  private awaitFolder(folder: string): void {
    try {
      const back = (name: string | null): void => {
        if (name !== null && name !== path.basename(folder)) return;
        if (this.parentWatches.get(folder) !== parent || !fsSync.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) return;
        parent.close();
        this.parentWatches.delete(folder);
        void this.subscribe(folder).then((sub) => {
          if (this.closed) return void sub.unsubscribe();
          this.subscriptions.push(sub);
          this.emit('folder', folder);
          this.onEvent('add', folder);
        }, (err: unknown) => this.cannotWatch(folder, err));
      };
      const parent = fsSync.watch(path.dirname(folder), { persistent: false }, (_event, name) => back(name));
      parent.on('error', () => parent.close());
      this.parentWatches.set(folder, parent);
      back(null); // already back before the parent was watched
    } catch {
      // its parent is gone too: the run on the next open finds the folder
    }
  }

  private cannotWatch(folder: string, err: unknown): void {
    this.emit('error', new Error(`Cannot watch ${folder}: ${err instanceof Error ? err.message : String(err)}`));
  }

  private skipped(root: string, p: string): boolean {
    return path.relative(root, p).split(path.sep).some((part) => part.startsWith('.')) || this.exclude.some((e) => isInsideOrEqual(p, e));
  }

  private onWatchEvent(root: string, type: WatchEvent['type'], p: string): void {
    if (this.skipped(root, p)) return;
    if (type === 'delete') {
      this.treesGone(p);
      this.stability?.forget(p);
      this.onEvent('unlink', p);
    } else {
      this.stability?.touch(p); // a folder is told apart there, by its stat
    }
  }

  /** A folder created or moved in: its files may have arrived before its own watch was in place, so look inside. */
  private async onNewFolder(dir: string): Promise<void> {
    const root = this.subscriptionRootOf(dir);
    this.walking++;
    try {
      // A link to a folder is not followed (scan/links.ts), neither looked into nor watched: the library is told of
      // the link alone, and lists one pointing out of the library with the reason, as `loupe index` does.
      if ((await fs.lstat(dir)).isSymbolicLink()) return this.onEvent('add', dir);
      let entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
      if (entries.some((d) => d.isDirectory()) && !this.closed && ![...this.trees.keys()].some((t) => isInsideOrEqual(dir, t))) {
        // Folders made in quick succession (`mkdir -p DCIM/100CANON/day`, a camera import) are not all watched by
        // @parcel/watcher's inotify backend: it misses a folder created before its parent's watch was in place, and
        // nothing later added there was ever seen. A subscription of the new tree's own watches every folder in it
        // (until the next start, when the library folder's subscription covers them, or until the tree is removed
        // or moved away); then look again.
        const sub = await this.subscribe(dir, root);
        // the folders of one `mkdir -p` come in any order and are looked through at once: a tree around this one
        // taken meanwhile covers it, and this one covers a tree taken inside it (each subscription's walk is fresh)
        if (this.closed || [...this.trees.keys()].some((t) => isInsideOrEqual(dir, t))) await sub.unsubscribe();
        else {
          for (const inner of [...this.trees.keys()].filter((t) => isInsideOrEqual(t, dir))) this.releaseTree(inner);
          this.trees.set(dir, sub);
        }
        entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
      }
      for (const d of entries) {
        const file = path.join(d.parentPath, d.name);
        if (!d.isDirectory() && !this.skipped(root, file)) this.stability?.touch(file);
      }
    } catch {
      // gone again, or unreadable: the scan on the next open reports unreadable folders
    } finally {
      this.walking--;
    }
  }

  private subscriptionRootOf(p: string): string {
    return this.folders.find((f) => isInsideOrEqual(p, f)) ?? path.dirname(p);
  }

  /** Resolves once every change reported so far has been indexed. */
  async idle(): Promise<void> {
    while (this.timer || this.pending.size > 0 || this.walking > 0 || this.stability?.busy) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    for (const parent of this.parentWatches.values()) parent.close();
    this.parentWatches.clear();
    const subscriptions = [...this.subscriptions, ...this.trees.values()];
    this.subscriptions = [];
    this.trees.clear();
    await Promise.all(subscriptions.map((s) => s.unsubscribe()));
    await this.stability?.close();
    this.stability = null;
    await this.running;
  }

  private onEvent(event: string, p: string): void {
    if (event === 'unlink' || event === 'unlinkDir') this.hasRemovals = true;
    this.pending.add(p);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.hasRemovals ? this.moveGraceMs : this.debounceMs);
  }

  private flush(): void {
    this.timer = null;
    const batch = [...this.pending];
    this.pending.clear();
    this.hasRemovals = false;
    // Batches run one after another: the catalog sees changes in the order they happened.
    this.running = this.running.then(async () => {
      try {
        this.emit('batch', await this.library.indexPaths(batch, undefined, this.removalGraceMs));
      } catch (err) {
        this.emit('error', err instanceof Error ? err : new Error(String(err)));
      }
      this.scheduleSettle();
    });
  }

  /** Files that vanished wait as move candidates; once their grace period is over, an empty batch settles them. */
  private scheduleSettle(): void {
    if (this.settleTimer || this.stability === null || !this.library.hasPendingRemovals()) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      this.flush();
    }, (this.removalGraceMs ?? WATCH_REMOVAL_GRACE_MS) + 100);
    this.settleTimer.unref();
  }
}
