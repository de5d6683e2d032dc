// The renderer's one reactive store: what the backend told us (status, folders, the running job,
// settings), where the user is (view, search, similar results, the open photo) and transient
// messages. Components read it directly and change it only through the actions below, so every
// backend call has one place that turns its failure into a readable message.
import { computed, markRaw, reactive, watchEffect } from 'vue';
import type { LibraryStatus, LoupeSettings, PhotoSummary, SimilarPhoto } from '../../shared/api.js';
import type { JobProgress, LibraryFolder } from '../../shared/library-types.js';
import { LoupeApiError, type LoupeClient } from '../api/client.js';
import { localeFor, messagesFor, type Locale, type Messages } from '../i18n/messages.js';
import { resolveTheme, type Theme } from './theme.js';

export type View = 'library' | 'search' | 'duplicates' | 'settings' | 'similar' | 'map' | 'timeline' | 'learned' | 'people';

/** What the viewer steps through with previous/next: an array, or the library's paged list. */
export interface PhotoSequence {
  length: number;
  at(index: number): Promise<PhotoSummary | null>;
}

export interface SimilarState {
  /** what was searched with: a library photo, or an image dropped from outside */
  source: { kind: 'photo'; photo: PhotoSummary } | { kind: 'image'; name: string; dataUrl: string };
  loading: boolean;
  results: SimilarPhoto[];
  error: string | null;
}

export interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error';
  action?: { label: string; testId: string; run: () => void };
}

/** Optional host powers beyond the contract's bridge (the Electron preload may add them). */
export interface HostExtras {
  pickFolder?(): Promise<string | null>;
  /** the absolute path of a dropped File (Electron's webUtils.getPathForFile) */
  pathForFile?(file: File): string | null;
}

export const app = reactive({
  client: null as LoupeClient | null,
  connectError: null as string | null,
  status: null as LibraryStatus | null,
  folders: [] as LibraryFolder[],
  job: null as JobProgress | null,
  settings: null as LoupeSettings | null,
  systemLanguages: [] as readonly string[],
  systemDark: false,
  view: 'library' as View,
  searchText: '',
  search: { text: '', loading: false, results: [] as PhotoSummary[], error: null as string | null, done: false },
  similar: null as SimilarState | null,
  viewer: null as { sequence: PhotoSequence; index: number } | null,
  toasts: [] as Toast[],
  /** bumped on 'library:changed': grids and facets ask again */
  libraryRevision: 0,
});

export const locale = computed<Locale>(() => localeFor(app.settings?.language ?? null, app.systemLanguages));
export const m = computed<Messages>(() => messagesFor(locale.value));
export const theme = computed<Theme>(() => resolveTheme(app.settings?.theme ?? 'system', app.systemDark));

export function host(): HostExtras {
  return (globalThis as { loupe?: HostExtras }).loupe ?? {};
}

export function client(): LoupeClient {
  if (!app.client) throw new LoupeApiError('engine-unavailable', m.value.noBackend);
  return app.client;
}

/** A sentence for people: the backend's own message when it sent one. */
export function describeError(error: unknown): string {
  if (error instanceof LoupeApiError) return error.message || error.code;
  if (error instanceof Error) return error.message;
  return String(error);
}

let toastSeq = 0;
export function toast(text: string, options: { kind?: Toast['kind']; action?: Toast['action']; ms?: number } = {}): number {
  const id = ++toastSeq;
  app.toasts.push({ id, text, kind: options.kind ?? 'info', action: options.action });
  const ms = options.ms ?? (options.action ? 15000 : options.kind === 'error' ? 10000 : 5000);
  setTimeout(() => dismissToast(id), ms);
  return id;
}

export function dismissToast(id: number): void {
  const i = app.toasts.findIndex((t) => t.id === id);
  if (i >= 0) app.toasts.splice(i, 1);
}

export function toastError(error: unknown): void {
  toast(describeError(error), { kind: 'error' });
}

/** Runs one backend call; a failure becomes an error toast and `fallback`. */
export async function attempt<T>(work: (c: LoupeClient) => Promise<T>, fallback: T): Promise<T> {
  try {
    return await work(client());
  } catch (error) {
    toastError(error);
    return fallback;
  }
}

export async function refreshStatus(): Promise<void> {
  try {
    app.status = await client().status();
    if (app.status.job) app.job = app.status.job;
    app.connectError = null;
  } catch (error) {
    app.connectError = m.value.failed(describeError(error));
  }
}

export async function refreshFolders(): Promise<void> {
  app.folders = await attempt((c) => c.listFolders(), app.folders);
}

export async function addFolder(path: string): Promise<boolean> {
  const trimmed = path.trim();
  if (!trimmed) return false;
  try {
    await client().addFolder(trimmed);
    toast(m.value.folder.added(trimmed));
    await Promise.all([refreshFolders(), refreshStatus()]);
    return true;
  } catch (error) {
    toastError(error);
    return false;
  }
}

export async function removeFolder(path: string): Promise<void> {
  try {
    await client().removeFolder(path);
    toast(m.value.folder.removed(path));
    app.libraryRevision += 1;
    await Promise.all([refreshFolders(), refreshStatus()]);
  } catch (error) {
    toastError(error);
  }
}

export async function saveSettings(patch: Partial<LoupeSettings>): Promise<boolean> {
  try {
    app.settings = await client().updateSettings(patch);
    return true;
  } catch (error) {
    toastError(error);
    return false;
  }
}

export function show(view: View): void {
  app.view = view;
}

let searchSeq = 0;
export async function runSearch(text: string): Promise<void> {
  const query = text.trim();
  app.view = 'search';
  const seq = ++searchSeq;
  app.search = { text: query, loading: query.length > 0, results: [], error: null, done: false };
  if (!query) return;
  try {
    const results = await client().search(query, 500);
    if (seq === searchSeq) app.search = { text: query, loading: false, results, error: null, done: true };
  } catch (error) {
    if (seq === searchSeq) app.search = { text: query, loading: false, results: [], error: describeError(error), done: true };
  }
}

let similarSeq = 0;
async function runSimilar(source: SimilarState['source'], work: (c: LoupeClient) => Promise<SimilarPhoto[]>): Promise<void> {
  const seq = ++similarSeq;
  app.viewer = null;
  app.view = 'similar';
  app.similar = { source, loading: true, results: [], error: null };
  try {
    const results = await work(client());
    if (seq === similarSeq) app.similar = { source, loading: false, results, error: null };
  } catch (error) {
    if (seq === similarSeq) app.similar = { source, loading: false, results: [], error: describeError(error) };
  }
}

export function findSimilarTo(photo: PhotoSummary): Promise<void> {
  return runSimilar({ kind: 'photo', photo }, (c) => c.findSimilar(photo.id, 200));
}

export function findSimilarToImage(name: string, dataUrl: string): Promise<void> {
  const dataBase64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  return runSimilar({ kind: 'image', name, dataUrl }, (c) => c.findSimilarToImage({ name, dataBase64 }, 200));
}

export function arraySequence(photos: readonly PhotoSummary[]): PhotoSequence {
  return { length: photos.length, at: async (i) => photos[i] ?? null };
}

export function openViewer(sequence: PhotoSequence, index: number): void {
  app.viewer = { sequence: markRaw(sequence), index };
}

export function closeViewer(): void {
  app.viewer = null;
}

/** Connects, loads the first state and keeps it current from the backend's events. */
export async function startApp(connect: () => LoupeClient): Promise<void> {
  app.systemLanguages = navigator.languages.length > 0 ? [...navigator.languages] : [navigator.language];
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  app.systemDark = media.matches;
  media.addEventListener('change', (e) => (app.systemDark = e.matches));
  window.addEventListener('languagechange', () => (app.systemLanguages = [...navigator.languages]));
  watchEffect(() => {
    document.documentElement.lang = locale.value;
    document.documentElement.dataset.theme = theme.value;
    document.title = m.value.appName;
  });

  let c: LoupeClient;
  try {
    c = connect();
  } catch (error) {
    app.connectError = error instanceof LoupeApiError && error.code === 'engine-unavailable' ? m.value.noBackend : m.value.failed(describeError(error));
    return;
  }
  app.client = markRaw(c);
  // Subscribe before asking, so no event can fall between the answer and the listener.
  c.on('index:progress', (progress) => {
    app.job = progress;
  });
  c.on('index:finished', ({ summary }) => {
    if (app.job) app.job = { ...app.job, state: 'done' };
    toast(m.value.index.finished(summary.added + summary.updated, summary.failed.length));
    app.libraryRevision += 1;
    void refreshStatus();
  });
  c.on('folders:changed', ({ folders }) => {
    app.folders = folders;
    void refreshStatus();
  });
  c.on('library:changed', () => {
    app.libraryRevision += 1;
    void refreshStatus();
  });
  await refreshStatus();
  if (app.connectError) return;
  if (app.status && !app.status.engineReady) {
    // Every other call would fail the same way: say why once, instead of a toast per screen.
    const reason = await c.listFolders().then(() => null, (error: unknown) => describeError(error));
    app.connectError = reason ? `${m.value.engineNotReady}: ${reason}` : m.value.engineNotReady;
    return;
  }
  try {
    app.settings = await c.getSettings();
  } catch (error) {
    toastError(error);
  }
  await refreshFolders();
}
