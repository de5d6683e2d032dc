// One writer per library home. SQLite alone serialises single statements, not whole runs: two indexers (or a
// watcher beside `loupe index`) would hash and embed the same files twice, race on moves and duplicate groups, and
// record "database is locked" as a file's failure. Every piece of writing work therefore holds this lock: a file in
// the home naming the holder (pid, host, command, what it is doing, since when). A second writer waits, telling the
// user who it waits for; a lock whose process is gone (kill -9, a power cut) is recognised as stale and taken over.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DiskFullError, HomeLockedError, HomeReadOnlyError, isDiskFull, isReadOnly } from './home-errors.js';
import { JobCancelledError } from '../jobs/job.js';

export const LOCK_FILE = 'loupe.lock';

export interface LockHolder {
  pid: number;
  host: string;
  /** the command line that holds it (`loupe index`, `loupe serve`, the desktop app) */
  command: string;
  /** what it is doing: indexing, cleaning up, ... */
  activity: string;
  /** ISO 8601 */
  since: string;
}

export interface LibraryLockOptions {
  /** how this process is named in the lock (default: `loupe <argv[2]>`) */
  command?: string;
  /** called once when a writer starts waiting for another process (the CLI prints it) */
  onWait?: (holder: LockHolder, message: string) => void;
  /** how long a writer waits before giving up (default: forever; tests and `--no-wait` set it) */
  waitMs?: number;
  /** how often the lock file is looked at again while waiting */
  pollMs?: number;
  /** runs each time this process takes the lock from no one (interrupted work is finished here) */
  onAcquired?: () => void;
}

/** Locks this process holds: released if the process exits with one held (an uncaught error, process.exit). */
const heldLocks = new Set<LibraryLock>();
let exitHookInstalled = false;
function releaseAtExit(lock: LibraryLock): void {
  heldLocks.add(lock);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const l of heldLocks) l.releaseAll();
  });
}

/** A sentence naming the holder, e.g. "another Loupe (pid 4711, `loupe index`) is indexing this library". */
export function describeHolder(h: LockHolder): string {
  const where = h.host === os.hostname() ? `pid ${h.pid}` : `pid ${h.pid} on ${h.host}`;
  return `another Loupe (${where}, \`${h.command}\`) is ${h.activity} this library (since ${new Date(h.since).toLocaleTimeString()})`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const h = JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? h : null;
  } catch {
    return null;
  }
}

/**
 * The writer lock of one library home. Re-entrant within the process (nested holds only count), so the engine's
 * services can each take it around their own work without knowing who called them.
 */
/** How deep this process holds each home's lock: shared by every LibraryLock of the process on that home (two
 *  engines on one home in one process, as tests and the app's restarts have, must not wait for each other). */
const holds = new Map<string, { depth: number; activities: string[] }>();

export class LibraryLock {
  readonly file: string;
  private readonly command: string;
  private readonly state: { depth: number; activities: string[] };

  constructor(private readonly home: string, private readonly options: LibraryLockOptions = {}) {
    this.file = path.join(path.resolve(home), LOCK_FILE);
    this.command = options.command ?? `loupe ${process.argv[2] ?? ''}`.trim();
    let state = holds.get(this.file);
    if (!state) holds.set(this.file, (state = { depth: 0, activities: [] }));
    this.state = state;
  }

  private get depth(): number {
    return this.state.depth;
  }

  private set depth(n: number) {
    this.state.depth = n;
  }

  private get activities(): string[] {
    return this.state.activities;
  }

  private set activities(a: string[]) {
    this.state.activities = a;
  }

  /** Whether this process holds the lock now. */
  get held(): boolean {
    return this.depth > 0;
  }

  /** The current holder when it is another live process, else null. */
  otherHolder(): LockHolder | null {
    const h = readHolder(this.file);
    if (!h || (h.pid === process.pid && h.host === os.hostname())) return null;
    return this.isStale(h) ? null : h;
  }

  /** Runs `fn` holding the lock, waiting for another writer first (`waiting` hears of that wait: the holder when it
   *  starts, null once the lock is taken). */
  async hold<T>(activity: string, fn: () => Promise<T> | T, signal?: AbortSignal, waiting?: (holder: LockHolder | null) => void): Promise<T> {
    await this.acquire(activity, signal, waiting);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Takes the lock now if no other process holds it; false otherwise (never waits). */
  tryAcquire(activity: string): boolean {
    if (this.depth > 0) {
      this.depth++;
      this.activities.push(activity);
      return true;
    }
    if (!this.tryCreate(activity)) return false;
    this.depth = 1;
    this.activities = [activity];
    releaseAtExit(this);
    this.options.onAcquired?.();
    return true;
  }

  async acquire(activity: string, signal?: AbortSignal, waiting?: (holder: LockHolder | null) => void): Promise<void> {
    let told = false;
    const started = Date.now();
    while (!this.tryAcquire(activity)) {
      if (signal?.aborted) throw new JobCancelledError();
      const holder = readHolder(this.file);
      if (holder) {
        if (!told) {
          told = true;
          this.options.onWait?.(holder, `Waiting: ${describeHolder(holder)}. This continues when it is done (Ctrl-C to stop).`);
          waiting?.(holder);
        }
        if (this.options.waitMs !== undefined && Date.now() - started >= this.options.waitMs) {
          throw new HomeLockedError(`${describeHolder(holder)}; try again when it is done (the lock is ${this.file}).`);
        }
      }
      await new Promise((r) => setTimeout(r, this.options.pollMs ?? 200));
    }
    if (told) waiting?.(null);
  }

  release(): void {
    if (this.depth === 0) return;
    this.depth--;
    this.activities.pop();
    if (this.depth > 0) return;
    heldLocks.delete(this);
    const h = readHolder(this.file);
    if (h && h.pid === process.pid && h.host === os.hostname()) fs.rmSync(this.file, { force: true });
  }

  /** Removes this process's lock at exit, whatever still holds it (a crash keeps it: the next run sees it stale). */
  releaseAll(): void {
    this.depth = Math.min(this.depth, 1);
    this.release();
  }

  private isStale(h: LockHolder): boolean {
    // Another host's process cannot be checked from here: such a lock is honoured until it is removed.
    return h.host === os.hostname() && !processAlive(h.pid);
  }

  /** Creates the lock file atomically with its content (write a private file, then link it: link fails if taken). */
  private tryCreate(activity: string): boolean {
    const holder: LockHolder = { pid: process.pid, host: os.hostname(), command: this.command, activity, since: new Date().toISOString() };
    const tmp = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    try {
      fs.writeFileSync(tmp, JSON.stringify(holder), { mode: 0o644 });
    } catch (err) {
      if (isDiskFull(err)) throw new DiskFullError(this.home);
      if (isReadOnly(err)) throw new HomeReadOnlyError(this.home);
      throw err;
    }
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          fs.linkSync(tmp, this.file);
          return true;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
        const current = readHolder(this.file);
        if (current && !this.isStale(current)) return false;
        if (!current && !this.lockFileIsOld()) return false; // being written right now by another process
        this.breakStale(current);
      }
      return false;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }

  /** A lock file with unreadable content that is more than a few seconds old is debris (a crash mid-write). */
  private lockFileIsOld(): boolean {
    try {
      return Date.now() - fs.statSync(this.file).mtimeMs > 5000;
    } catch {
      return true;
    }
  }

  /** Moves a stale lock aside and removes it, unless another process replaced it meanwhile (then it is put back). */
  private breakStale(seen: LockHolder | null): void {
    const aside = `${this.file}.stale-${process.pid}`;
    try {
      fs.renameSync(this.file, aside);
    } catch {
      return; // someone else broke it first
    }
    const moved = readHolder(aside);
    const same = JSON.stringify(moved) === JSON.stringify(seen);
    if (!same && moved && !this.isStale(moved)) {
      try {
        fs.linkSync(aside, this.file); // a live lock taken in between: give it back
      } catch {
        /* the file was re-taken already */
      }
    }
    fs.rmSync(aside, { force: true });
  }

  /** What this process is doing under the lock (for messages). */
  get activity(): string | undefined {
    return this.activities[this.activities.length - 1];
  }

  get homeDir(): string {
    return this.home;
  }
}
