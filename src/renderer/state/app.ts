// The renderer's one reactive store: what the backend told us (status, folders, the running job,
// settings), where the user is (view, search, similar results, the open photo) and transient
// messages. Components read it directly and change it only through the actions below, so every
// backend call has one place that turns its failure into a readable message.
import { computed, markRaw, reactive, watch, watchEffect } from 'vue';
import type { LibraryStatus, LoupeSettings, PhotoSummary, SearchResult, SimilarPhoto } from '../../shared/api.js';
import type { JobProgress, LibraryFolder } from '../../shared/library-types.js';
import type { Album } from '../../shared/marks-types.js';
import { LoupeApiError, type LoupeClient } from '../api/client.js';
import { localeFor, messagesFor, type Locale, type Messages } from '../i18n/messages.js';
import { resolveTheme, type Theme } from './theme.js';
import { pushToast } from './toast-queue.js';
import { JobTracker } from './job-tracker.js';
import type { PhotoSequence } from './photo-sequence.js';
import { errorText } from '../i18n/error-text.js';
import { photoParam, withPhoto } from '../router/hash-route.js';
import { canGoBack, navigate, route, startRouter, type RouteInput } from '../router/router.js';

/** A screen's name, as registered in ../routes.ts (other screens add their own names there). */
export type View = string;

export type { PhotoSequence } from './photo-sequence.js';

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
  searchText: '',
  /** `more`: more photos match than the SEARCH_SHOWN results held */
  search: { text: '', loading: false, results: [] as SearchResult[], more: false, error: null as string | null, done: false },
  similar: null as SimilarState | null,
  viewer: null as { sequence: PhotoSequence; index: number } | null,
  /** the photo the viewer shows now (set by the viewer once it has loaded it; mirrored in the URL) */
  viewerPhotoId: null as number | null,
  toasts: [] as Toast[],
  /** bumped on 'library:changed': grids and facets ask again */
  libraryRevision: 0,
  /** bumped on 'photo:changed' for the photo the viewer shows: its text and face layers ask again */
  viewerRevision: 0,
  albums: [] as Album[],
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
  if (error instanceof LoupeApiError) return errorText(m.value, error);
  if (error instanceof Error) return error.message;
  return String(error);
}

let toastSeq = 0;
export function toast(text: string, options: { kind?: Toast['kind']; action?: Toast['action']; ms?: number } = {}): number {
  const id = ++toastSeq;
  pushToast(app.toasts, { id, text, kind: options.kind ?? 'info', action: options.action });
  // An Undo stays long enough to be found and reached by keyboard, even on a busy machine.
  const ms = options.ms ?? (options.action ? 30000 : options.kind === 'error' ? 10000 : 5000);
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

/** Orders the job's events and status snapshots, which can cross on their way (job-tracker.ts). */
const jobs = new JobTracker();

export async function refreshStatus(): Promise<void> {
  try {
    app.status = await client().status();
    app.job = jobs.onStatus(app.status.job, app.job);
    app.connectError = null;
  } catch (error) {
    app.connectError = m.value.failed(describeError(error));
  }
}

export async function refreshFolders(): Promise<void> {
  app.folders = await attempt((c) => c.listFolders(), app.folders);
}

export async function refreshAlbums(): Promise<void> {
  try {
    app.albums = await client().listAlbums();
  } catch {
    // the album menus stay as they were; the calls that need them report their own errors
  }
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

/** the save in flight: saves run one after another, so the settings shown are the answer to the last one sent
 *  (two quick changes, language then theme, could otherwise be answered out of order and undo each other on screen) */
let settingsSaving: Promise<unknown> = Promise.resolve();

export function saveSettings(patch: Partial<LoupeSettings>): Promise<boolean> {
  const run = settingsSaving.then(async () => {
    try {
      app.settings = await client().updateSettings(patch);
      return true;
    } catch (error) {
      toastError(error);
      return false;
    }
  });
  settingsSaving = run;
  return run;
}

/** The screen showing now (the route's). */
export const currentView = computed<View>(() => route.screen);

export function show(view: View): void {
  navigate({ screen: view });
}

/** Shows the search screen for `text` (the route runs the search: Back and reload show the same results). */
export function runSearch(text: string): void {
  const q = text.trim();
  navigate({ screen: 'search', query: { q } }, { replace: route.screen === 'search' });
}

/** the search results one screen holds, the best first */
export const SEARCH_SHOWN = 500;
let searchSeq = 0;
/** the library revision the shown results were asked at: results older than the library are asked again */
let searchRevision = -1;
async function executeSearch(text: string): Promise<void> {
  const query = text.trim();
  const seq = ++searchSeq;
  searchRevision = app.libraryRevision;
  // the same text again (the library changed): keep showing the old results until the new ones arrive
  const same = app.search.text === query;
  const keep = same ? app.search.results : [];
  app.search = { text: query, loading: query.length > 0, results: keep, more: same && app.search.more, error: null, done: keep.length > 0 };
  if (!query) return;
  try {
    // one more than is shown: whether more match (a large library's "狗" said "500 photos found" of thousands)
    const found = await client().search(query, SEARCH_SHOWN + 1);
    const results = found.slice(0, SEARCH_SHOWN);
    if (seq === searchSeq) app.search = { text: query, loading: false, results, more: found.length > SEARCH_SHOWN, error: null, done: true };
  } catch (error) {
    if (seq === searchSeq) app.search = { text: query, loading: false, results: [], more: false, error: describeError(error), done: true };
  }
}

let similarSeq = 0;
async function runSimilar(source: SimilarState['source'], work: (c: LoupeClient) => Promise<SimilarPhoto[]>): Promise<void> {
  const seq = ++similarSeq;
  app.similar = { source, loading: true, results: [], error: null };
  try {
    const results = await work(client());
    if (seq === similarSeq) app.similar = { source, loading: false, results, error: null };
  } catch (error) {
    if (seq === similarSeq) app.similar = { source, loading: false, results: [], error: describeError(error) };
  }
}

/** How many results "Find similar" asks for: the relevant ones and a fold of less similar ones below them. */
export const SIMILAR_LIMIT = 200;

function runSimilarToPhoto(photo: PhotoSummary): Promise<void> {
  return runSimilar({ kind: 'photo', photo }, (c) => c.findSimilar(photo.id, SIMILAR_LIMIT));
}

/** Opens the Similar screen for a library photo (its own address: #/similar/<id>). */
export function findSimilarTo(photo: PhotoSummary): Promise<void> {
  const p = runSimilarToPhoto(photo);
  navigate({ screen: 'similar', arg: String(photo.id) });
  return p;
}

export function findSimilarToImage(name: string, dataUrl: string): Promise<void> {
  const dataBase64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  const p = runSimilar({ kind: 'image', name, dataUrl }, (c) => c.findSimilarToImage({ name, dataBase64 }, SIMILAR_LIMIT));
  navigate({ screen: 'similar', arg: 'image' });
  return p;
}

export function arraySequence(photos: readonly PhotoSummary[]): PhotoSequence {
  return { length: photos.length, at: async (i) => photos[i] ?? null };
}

/** The last sequence the viewer stepped through: Back to a photo's address reopens it in its context. */
let lastViewer: { sequence: PhotoSequence; index: number; photoId: number } | null = null;
/** true while the open viewer's address was pushed by this app (closing it is then a Back). */
let viewerPushed = false;

export function openViewer(sequence: PhotoSequence, index: number): void {
  app.viewer = { sequence: markRaw(sequence), index };
}

/** The viewer reports the photo it shows; the address follows (the first photo pushes, stepping replaces). */
export function viewerShowing(photoId: number, index: number): void {
  if (!app.viewer) return;
  app.viewerPhotoId = photoId;
  lastViewer = { sequence: app.viewer.sequence, index, photoId };
  const current = photoParam(route);
  if (current === photoId) return;
  if (current === null) viewerPushed = true;
  navigate(withPhoto(route, photoId), { replace: current !== null });
}

export function closeViewer(): void {
  app.viewer = null;
  app.viewerPhotoId = null;
  if (photoParam(route) === null) return;
  if (viewerPushed && canGoBack()) history.back();
  else navigate(withPhoto(route, null), { replace: true });
  viewerPushed = false;
}

/**
 * Closes the viewer to show another screen from it (the photo's album, its folder). The viewer's address is replaced
 * where the app pushed it, so Back returns to the screen the viewer was opened on: a Back (closeViewer) followed by a
 * push would race, as history.back() lands after the push.
 */
export function closeViewerFor(target: RouteInput): void {
  const pushed = viewerPushed && photoParam(route) !== null;
  app.viewer = null;
  app.viewerPhotoId = null;
  viewerPushed = false;
  navigate(target, { replace: pushed });
}

function singlePhoto(id: number): PhotoSequence {
  return { length: 1, at: async (i) => (i === 0 ? client().getPhoto(id) : null) };
}

/** Keeps the screens in step with the address: Back/Forward, reload, a typed or bookmarked URL. */
function followRoute(): void {
  watch(
    () => photoParam(route),
    (now, before) => {
      if (now === null) {
        if (before !== null && app.viewer) {
          app.viewer = null;
          app.viewerPhotoId = null;
          viewerPushed = false;
        }
        return;
      }
      if (app.viewer && app.viewerPhotoId === now) return;
      if (lastViewer?.photoId === now) app.viewer = { sequence: markRaw(lastViewer.sequence), index: lastViewer.index };
      else app.viewer = { sequence: markRaw(singlePhoto(now)), index: 0 };
      app.viewerPhotoId = now;
    },
    { immediate: true },
  );
  watch(
    () => [route.screen, route.query.q] as const,
    ([screen, q]) => {
      if (screen !== 'search') return;
      const text = q ?? '';
      if (app.searchText.trim() !== text) app.searchText = text;
      const stale = searchRevision !== app.libraryRevision;
      if (text !== app.search.text || stale || (!app.search.done && !app.search.loading)) void executeSearch(text);
    },
    { immediate: true },
  );
  // Results show marks and may have left the library: ask again when it changes.
  watch(
    () => app.libraryRevision,
    () => {
      if (route.screen === 'search' && app.search.text) void executeSearch(app.search.text);
    },
  );
  watch(
    () => [route.screen, route.arg] as const,
    ([screen, arg]) => {
      if (screen !== 'similar' || !arg || !/^[1-9][0-9]*$/.test(arg)) return;
      const id = Number(arg);
      const s = app.similar;
      if (s?.source.kind === 'photo' && s.source.photo.id === id) return;
      void client()
        .getPhoto(id)
        .then((photo) => runSimilarToPhoto(photo), (error: unknown) => {
          app.similar = { source: { kind: 'image', name: arg, dataUrl: '' }, loading: false, results: [], error: describeError(error) };
        });
    },
    { immediate: true },
  );
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
    app.job = jobs.onEvent(progress);
  });
  c.on('index:finished', ({ jobId, summary }) => {
    app.job = jobs.onFinished(jobId, app.job);
    toast(m.value.index.finished(summary.added + summary.updated + summary.movedChanged, summary.failed.length));
    app.libraryRevision += 1;
    void refreshStatus();
    void refreshAlbums(); // a run removes the photos gone from disk, and their albums' counts change
  });
  c.on('folders:changed', ({ folders }) => {
    app.folders = folders;
    void refreshStatus();
  });
  c.on('photo:changed', ({ id }) => {
    if (id === app.viewerPhotoId) app.viewerRevision += 1;
  });
  c.on('library:changed', ({ reason }) => {
    app.libraryRevision += 1;
    void refreshStatus();
    // the sidebar's per-folder counts follow the same changes as the grid and the status line
    if (reason === 'indexing' || reason === 'trash' || reason === 'restore' || reason === 'watch') void refreshFolders();
    // photos deleted or moved out on disk (the watcher) or a folder removed leave their albums: the counts follow
    if (reason === 'albums' || reason === 'trash' || reason === 'restore' || reason === 'reconnected' || reason === 'watch' || reason === 'folders') void refreshAlbums();
  });
  await refreshStatus();
  if (app.connectError) return;
  // A damaged home: the banner (HomeDamage.vue) says what happened and offers the ways out; nothing else can work.
  if (app.status?.homeDamage) return;
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
  await Promise.all([refreshFolders(), refreshAlbums()]);
  startRouter({ desktop: Boolean((globalThis as { loupe?: unknown }).loupe) });
  followRoute();
}
