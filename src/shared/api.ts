// The ONE contract between Loupe's backend (the engine, reached through Electron IPC or, later,
// `loupe serve` over HTTP/WebSocket) and the UI. Main, preload and renderer all import from here.
//
// Rules that keep it transport-neutral:
// - every value crossing it is JSON-safe (no Date, Map, bigint, Buffer, class instances), so the
//   same calls work over structured-clone IPC and over JSON on the wire;
// - no Node and no DOM types: this file is compiled for both sides;
// - a call returns an ApiResult envelope on the wire (never a thrown Error), because Electron's IPC
//   and contextBridge flatten errors to a message string and would lose `code`.
//
// DRAFT: the engine owners will refine the payload types; channel names are what the runtime checks.

import type { IndexSummary, JobProgress, LibraryFolder } from './library-types.js';

export interface LibraryStatus {
  appVersion: string;
  /** false while the shell runs without an engine (or the engine failed to open the library). */
  engineReady: boolean;
  folderCount: number;
  /** files fully indexed */
  photoCount: number;
  /** files found but not yet through every stage */
  pendingCount: number;
  failedCount: number;
  /** the indexing job running now, null when idle */
  job: JobProgress | null;
}

export interface PhotoSummary {
  id: number;
  path: string;
  width: number;
  height: number;
  takenAt: string | null;
  /** URL the UI can put in <img src>: `loupe-media:` in Electron, an HTTP path under `loupe serve`. */
  thumbnailUrl: string;
}

export interface PhotoQuery {
  folder?: string;
  tag?: string;
  /** opaque cursor from the previous page; absent for the first page. */
  cursor?: string;
  limit?: number;
}

export interface PhotoPage {
  photos: PhotoSummary[];
  nextCursor: string | null;
}

export interface SimilarPhoto {
  photo: PhotoSummary;
  /** cosine similarity in [0, 1]; 1 means identical embeddings. */
  score: number;
}

export interface DuplicateGroup {
  id: number;
  /** the copy Loupe would keep (largest, then oldest); the others are the candidates to trash. */
  keepId: number;
  photos: PhotoSummary[];
}

export interface TagCount {
  tag: string;
  count: number;
}

export interface TrashResult {
  trashed: number[];
  failed: { id: number; reason: string }[];
}

/** Everything the UI may ask of the backend. Every method is async and JSON-in/JSON-out. */
export interface LoupeApi {
  status(): Promise<LibraryStatus>;
  listFolders(): Promise<LibraryFolder[]>;
  /** `path` is absolute on the machine that runs the engine. */
  addFolder(path: string): Promise<LibraryFolder>;
  removeFolder(path: string): Promise<void>;
  /** Starts indexing the given folders (all when omitted); resolves once the job has started. */
  startIndex(paths?: string[]): Promise<{ jobId: string }>;
  cancelIndex(jobId: string): Promise<void>;
  listPhotos(query: PhotoQuery): Promise<PhotoPage>;
  findSimilar(photoId: number, limit?: number): Promise<SimilarPhoto[]>;
  listDuplicateGroups(): Promise<DuplicateGroup[]>;
  listTags(): Promise<TagCount[]>;
  /** Moves files to the OS trash (never deletes outright), so a wrong duplicate pick can be undone. */
  trashPhotos(photoIds: number[]): Promise<TrashResult>;
}

/** Events the backend pushes to every open UI. Payloads are JSON-safe like call results. */
export interface LoupeEvents {
  'index:progress': JobProgress;
  'index:finished': { jobId: string; summary: IndexSummary };
  'folders:changed': { folders: LibraryFolder[] };
}

export type ApiChannel = keyof LoupeApi;
export type ApiEvent = keyof LoupeEvents;
export type ApiArgs<C extends ApiChannel> = Parameters<LoupeApi[C]>;
export type ApiReturn<C extends ApiChannel> = Awaited<ReturnType<LoupeApi[C]>>;

// Written as object literals typed by a mapped type so that the compiler rejects a missing or a
// misspelled name: the runtime lists can never drift from the interfaces above.
const channelSet: { readonly [C in ApiChannel]: true } = {
  status: true,
  listFolders: true,
  addFolder: true,
  removeFolder: true,
  startIndex: true,
  cancelIndex: true,
  listPhotos: true,
  findSimilar: true,
  listDuplicateGroups: true,
  listTags: true,
  trashPhotos: true,
};
const eventSet: { readonly [E in ApiEvent]: true } = {
  'index:progress': true,
  'index:finished': true,
  'folders:changed': true,
};

/** Call names the preload and the servers accept; anything else is refused before it reaches the engine. */
export const API_CHANNELS: readonly ApiChannel[] = Object.freeze(Object.keys(channelSet) as ApiChannel[]);
export const API_EVENTS: readonly ApiEvent[] = Object.freeze(Object.keys(eventSet) as ApiEvent[]);

// Object.hasOwn, not `in`: "toString" or "__proto__" must not pass as a channel name.
export function isApiChannel(name: unknown): name is ApiChannel {
  return typeof name === 'string' && Object.hasOwn(channelSet, name);
}

export function isApiEvent(name: unknown): name is ApiEvent {
  return typeof name === 'string' && Object.hasOwn(eventSet, name);
}

/** The Electron IPC channels carrying the API (one for calls, one for events: the name travels inside). */
export const IPC_INVOKE_CHANNEL = 'loupe:invoke';
export const IPC_EVENT_CHANNEL = 'loupe:event';

export type ApiErrorCode =
  | 'unknown-channel'   // a name not in API_CHANNELS
  | 'bad-arguments'     // arguments that are not an array, or rejected by the backend's checks
  | 'forbidden'         // a caller that is not Loupe's own UI (a stray frame, a browser without the token)
  | 'engine-unavailable'// the shell runs without an engine (yet), or it failed to start
  | 'not-found'         // an id that does not exist (any more)
  | 'internal';         // anything else; message carries the detail

export interface ApiErrorInfo {
  code: ApiErrorCode;
  message: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorInfo };

/** What the preload puts on `window.loupe`: the raw, transport-level bridge (see src/renderer/api/client.ts). */
export interface LoupeBridge {
  /** Resolves with the envelope; rejects only for a channel name outside API_CHANNELS. */
  invoke<C extends ApiChannel>(channel: C, ...args: ApiArgs<C>): Promise<ApiResult<ApiReturn<C>>>;
  /** Returns the function that removes this listener. Throws for an event name outside API_EVENTS. */
  on<E extends ApiEvent>(event: E, listener: (payload: LoupeEvents[E]) => void): () => void;
}
