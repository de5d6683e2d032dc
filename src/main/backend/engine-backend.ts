// The LoupeApi over a LoupeEngine: what both hosts (the Electron window over IPC, `loupe serve` over HTTP) put
// behind the API contract. Every call's arguments are checked first (validate-args.ts), engine failures become
// ApiErrors with a stable code, and long work (indexing, the live watcher) is reported through `emit`.
import fs from 'node:fs/promises';
import path from 'node:path';
import { isWholeJpeg, remakeThumbnails } from '../engine/cache/thumbnail-cache.js';
import {
  API_CHANNELS,
  type ApiChannel,
  type DroppedImage,
  type LibraryStatus,
  type LoupeApi,
  type LoupeSettings,
  type MediaSize,
  type PhotoDetail,
  type PhotoPage,
  type PhotoQuery,
  type SearchResult,
  type SimilarPhoto,
} from '../../shared/api.js';
import { ApiError } from '../../shared/api-dispatch.js';
import type { DuplicateLevel } from '../../shared/duplicate-types.js';
import type { LoupeEngine } from '../engine/engine.js';
import { asApi, photoGone } from './api-errors.js';
import { toPhotoTag } from '../engine/tags/tag-service.js';
import type { WatcherOptions } from '../engine/watch/library-watcher.js';
import { withDroppedImageFile } from './dropped-image.js';
import { FolderWatch } from './folder-watch.js';
import { IndexJobs, type EmitEvent } from './index-jobs.js';
import { checkNewFolder, listableFolderOf } from './library-guard.js';
import { resolveMedia, type MediaFile } from './media-files.js';
import { PhotoQueries } from './photo-queries.js';
import { timelineOutline } from './place-queries.js';
import type { PlaceInput } from '../../shared/place-types.js';
import type { DateChange } from '../../shared/date-types.js';
import { SerialQueue } from './serial-queue.js';
import { validateArgs } from './validate-args.js';
import { createPeopleApi } from './people-api.js';
import { learnCalls } from './learn-calls.js';
import type { MarksPatch } from '../../shared/marks-types.js';
import { isInsideOrEqual } from '../engine/library/folder-paths.js';

export type { EmitEvent };

export interface EngineBackendOptions {
  engine: LoupeEngine;
  appVersion: string;
  emit: EmitEvent;
  /** follow the library folders live (default true) */
  watch?: boolean;
  /** catch up with what changed while Loupe was closed: start an index when the backend opens (default true) */
  indexOnOpen?: boolean;
  /** watcher timings (tests) */
  watchOptions?: Omit<WatcherOptions, 'exclude'>;
  /** problems that concern no single call (a failed index run, a watcher error); default: stderr */
  warn?: (message: string) => void;
}

/** What a host needs beyond the API: media lookups for its image route, and a clean shutdown. */
export interface EngineBackendExtras {
  /** The thumbnail file of a catalogued photo, or null (never any other file). */
  media(size: MediaSize, photoId: number): Promise<MediaFile | null>;
  /** The catalogued photo at exactly this path, or null (hosts check paths from the UI with this). */
  catalogedPath(filePath: string): string | null;
  /** Resolves once the running index job and the watcher's pending batches are done (tests, shutdown). */
  idle(): Promise<void>;
  /** Stops the watcher and the running job; the engine itself stays open (its owner closes it). */
  close(): Promise<void>;
}

export type EngineBackend = LoupeApi & EngineBackendExtras;

const DEFAULT_SEARCH_LIMIT = 200;
const DEFAULT_SIMILAR_LIMIT = 50;

export function createEngineBackend(opts: EngineBackendOptions): EngineBackend {
  const { engine, emit } = opts;
  const warn = opts.warn ?? ((m: string) => process.stderr.write(`loupe: ${m}\n`));
  const library = engine.library;
  const photos = new PhotoQueries(engine.database);
  const queue = new SerialQueue();
  // The first index waits until the watcher is ready: a photo added during that index is then seen by one or the
  // other (a watcher started after it would miss what arrived between the scan and its start).
  let watching: Promise<void> = Promise.resolve();
  const jobs = new IndexJobs({ index: async (job) => (await watching, library.index(job)), listFolders: () => library.listFolders(), queue, emit, warn });
  const watchEnabled = opts.watch ?? true;
  const watch = new FolderWatch({
    library,
    queue,
    exclude: [engine.layout.root],
    options: opts.watchOptions,
    onBatch: (s) => {
      if (s.added + s.updated + s.moved + s.removed + s.failed.length === 0) return;
      emit('library:changed', { reason: 'watch' });
      emit('folders:changed', { folders: library.listFolders() });
    },
    onError: (e) => warn(`watching the library folders: ${e.message}`),
    // the sidebar marks a folder missing (listFolders looks at the disk) the moment it goes, and clears it when back
    onFolderState: () => emit('folders:changed', { folders: library.listFolders() }),
    onProgress: (p) => emit('index:progress', p),
    onReady: () => emit('library:changed', { reason: 'indexing' }),
  });
  let closed = false;
  // a photo open in the viewer whose deep stages were just done (it was taken first): the viewer shows them now
  const stopDeepNews = engine.deepPriority.onDone((id) => emit('photo:changed', { id }));

  const folderPaths = (): string[] => library.listFolders().map((f) => f.path);
  const tagThreshold = (): number => engine.settings.get('tagThreshold');
  const photoFile = (call: string, id: number): { path: string; contentHash: string } => {
    const file = photos.fileOf(id);
    if (!file) throw photoGone(call, id);
    return file;
  };
  const withScores = (hits: { id: number; score: number }[]): SimilarPhoto[] => {
    const out: SimilarPhoto[] = [];
    for (const h of hits) {
      const photo = photos.summaryById(h.id);
      if (photo) out.push({ photo, score: Math.max(0, h.score) }); // the contract says 0..1; an opposite-looking photo is simply 0
    }
    return out;
  };
  const foldersChanged = async (): Promise<void> => {
    emit('folders:changed', { folders: library.listFolders() });
    emit('library:changed', { reason: 'folders' });
    if (watchEnabled) await watch.restart(folderPaths());
  };
  /** Library changes that must not run beside an index: the running job is cancelled (its finished files are
   *  kept) and `andIndex` starts a fresh one that sees the new folder list. */
  const changeFolders = async <T>(change: () => Promise<T>, andIndex: boolean): Promise<T> => {
    const running = jobs.progress();
    if (running) jobs.cancel(running.jobId);
    await jobs.settled();
    let changed = false;
    try {
      const result = await queue.run(change);
      changed = true;
      await foldersChanged();
      return result;
    } finally {
      // A refused change (a bad path) must not leave the cancelled index stopped.
      if ((andIndex && changed) || running) jobs.start();
    }
  };

  const api: LoupeApi = {
    ...createPeopleApi(engine, photos, emit),
    async status(): Promise<LibraryStatus> {
      const counts = photos.stateCounts();
      return {
        appVersion: opts.appVersion,
        engineReady: true,
        folderCount: library.listFolders().length,
        photoCount: counts.ready,
        pendingCount: counts.pending,
        failedCount: counts.failed,
        job: jobs.progress() ?? watch.progress(),
        provider: engine.lastProviderReport()?.provider ?? null,
        homeNotice: engine.homeNotice(),
        homeNotices: engine.homeNotices(),
        homeDamage: null,
      };
    },

    async repairHome() {
      throw new ApiError('conflict', 'repairHome: the library home is sound; nothing to repair');
    },

    async listFolders() {
      return library.listFolders();
    },

    async addFolder(input: string) {
      const real = await checkNewFolder('addFolder', input, { folders: folderPaths(), home: engine.layout.root });
      return changeFolders(() => asApi('addFolder', () => library.addFolder(real)), true);
    },

    async removeFolder(input: string) {
      const target = path.resolve(input);
      // Exact match against the catalog: a folder that vanished from disk must still be removable.
      if (!folderPaths().includes(target)) {
        throw new ApiError('not-found', `removeFolder: ${target} is not a library folder`, { detail: { key: 'not-library-folder', params: { path: target } } });
      }
      await changeFolders(async () => asApi('removeFolder', () => library.removeFolder(target)), false);
    },

    async startIndex() {
      return jobs.start();
    },
    // A watcher-driven batch shows its progress like a full index, so it can be paused and cancelled too.
    async pauseIndex(jobId: string) {
      const w = watch.job(jobId);
      if (w) w.pause();
      else jobs.pause(jobId);
    },
    async resumeIndex(jobId: string) {
      const w = watch.job(jobId);
      if (w) w.resume();
      else jobs.resume(jobId);
    },
    async cancelIndex(jobId: string) {
      const w = watch.job(jobId);
      if (w) w.cancel();
      else jobs.cancel(jobId);
    },

    async listFailures() {
      return library.failures();
    },

    async listPhotos(query: PhotoQuery): Promise<PhotoPage> {
      let folder: string | undefined;
      if (query.folder) {
        // A library folder itself is always fine, even offline (an unplugged drive: its photos stay listed), and so
        // is a folder inside one that is gone from disk; anything else must resolve inside one.
        if (!folderPaths().includes(query.folder) && !(await listableFolderOf(query.folder, folderPaths()))) {
          throw new ApiError('bad-arguments', `listPhotos: ${query.folder} is not inside a library folder`);
        }
        folder = path.resolve(query.folder);
      }
      return photos.page({ ...query, folder }, tagThreshold());
    },

    async getPhoto(id: number): Promise<PhotoDetail> {
      const row = photos.detailRow(id);
      if (!row) throw photoGone('getPhoto', id);
      engine.deepPriority.lookedAt(id); // the viewer shows it: its faces, text and viewer image come next
      const tags = engine.tags.tagsOf(id).tags.map(toPhotoTag);
      const errors = library.errorsOf(id).map((e) => e.reason);
      return { ...row, tags, errors, albums: engine.marks.albumsOf(id), place: engine.places.placeOf(id).place, date: engine.dates.dateOf(id) };
    },

    async addTag(id: number, tag: string) {
      photoFile('addTag', id);
      const result = await asApi('addTag', () => engine.tags.add(id, tag));
      emit('library:changed', { reason: 'tags' });
      return result.tags.map(toPhotoTag);
    },

    async removeTag(id: number, tag: string) {
      photoFile('removeTag', id);
      const result = await asApi('removeTag', () => engine.tags.remove(id, tag));
      emit('library:changed', { reason: 'tags' });
      return result.tags.map(toPhotoTag);
    },

    async facets() {
      return photos.facets(tagThreshold());
    },

    async search(text: string, limit?: number): Promise<SearchResult[]> {
      const hits = engine.textSearch.search(text, limit ?? DEFAULT_SEARCH_LIMIT);
      // a photo found by a person's name: their face, so its square thumbnail shows them (one query a name)
      const faces = new Map<number, [number, number, number, number]>();
      const named = new Map<string, number[]>();
      for (const h of hits) {
        const term = h.matched.find((m) => m.kind === 'person')?.term;
        if (term !== undefined) named.set(term, [...(named.get(term) ?? []), h.id]);
      }
      for (const [term, ids] of named) for (const [id, box] of engine.people.people.facesNamed(term, ids)) faces.set(id, box);
      return hits.flatMap((h) => {
        const summary = photos.summaryById(h.id);
        const face = faces.get(h.id);
        return summary ? [{ ...summary, matched: h.matched.map(({ term, kind }) => ({ term, kind })), ...(face ? { face } : {}) }] : [];
      });
    },

    async findSimilar(photoId: number, limit?: number) {
      photoFile('findSimilar', photoId);
      const hits = await asApi('findSimilar', () => engine.similarity.similarToFile(photoId, limit ?? DEFAULT_SIMILAR_LIMIT));
      return withScores(hits);
    },

    async findSimilarToImage(image: DroppedImage, limit?: number) {
      const { results } = await withDroppedImageFile(image, (file) =>
        // The temporary file's name means nothing to the user: messages name the image they dropped.
        asApi('findSimilarToImage', () => engine.similar(file, limit ?? DEFAULT_SIMILAR_LIMIT, image.name)),
        path.join(engine.layout.root, 'tmp'),
      );
      return withScores(results);
    },

    async listDuplicateGroups(level?: DuplicateLevel) {
      return engine.duplicates.groups(level);
    },

    async duplicateProgress() {
      return engine.duplicateProgress();
    },

    async explainPair(a: number, b: number) {
      photoFile('explainPair', a);
      photoFile('explainPair', b);
      return asApi('explainPair', () => engine.duplicates.explain(a, b));
    },

    async cleanUpDuplicates(groupId: number, keepId: number, trashIds: number[]) {
      photoFile('cleanUpDuplicates', keepId);
      const result = await asApi('cleanUpDuplicates', () => engine.trash.cleanUp(groupId, keepId, trashIds));
      emit('library:changed', { reason: 'trash' });
      return result;
    },

    async chooseDuplicateKeeper(photoId: number) {
      photoFile('chooseDuplicateKeeper', photoId);
      return asApi('chooseDuplicateKeeper', () => engine.duplicates.chooseKeeper(photoId));
    },

    async trashPhotos(photoIds: number[]) {
      const result = await asApi('trashPhotos', () => engine.trash.trash(photoIds));
      emit('library:changed', { reason: 'trash' });
      return result;
    },

    async restorePhotos(undoToken: string) {
      const result = await asApi('restorePhotos', () => engine.trash.restore(undoToken));
      emit('library:changed', { reason: 'restore' });
      return result;
    },

    async listPlaces() {
      return engine.places.counts();
    },

    async mapPoints() {
      return engine.places.mapPoints();
    },

    async setPlace(id: number, place: PlaceInput | null) {
      photoFile('setPlace', id);
      const result = await asApi('setPlace', () =>
        place ? engine.places.set(id, place) : (engine.places.clear(id), engine.places.placeOf(id).place));
      emit('library:changed', { reason: 'places' });
      return result;
    },

    async setPhotoDates(photoIds: number[], change: DateChange) {
      for (const id of photoIds) photoFile('setPhotoDates', id);
      const result = await asApi('setPhotoDates', () => engine.dates.change(photoIds, change));
      emit('library:changed', { reason: 'dates' });
      return result;
    },

    async timeline() {
      return timelineOutline(engine.database);
    },

    async getSettings() {
      return engine.settings.all();
    },

    async tagPhotos(photoIds: number[], tag: string, action: 'add' | 'remove') {
      await asApi('tagPhotos', () => {
        for (const id of photoIds) {
          if (!photos.fileOf(id)) continue; // trashed or removed meanwhile: the others still get the tag
          if (action === 'add') engine.tags.add(id, tag);
          else if (engine.tags.tagsOf(id).tags.some((t) => t.name.toLowerCase() === tag.toLowerCase() || t.name_zh === tag)) {
            engine.tags.remove(id, tag);
          }
        }
      });
      emit('library:changed', { reason: 'tags' });
    },

    async setMarks(photoIds: number[], patch: MarksPatch) {
      const n = await asApi('setMarks', () => engine.marks.set(photoIds, patch));
      emit('library:changed', { reason: 'marks' });
      return n;
    },

    async listAlbums() {
      return engine.marks.albums();
    },
    async createAlbum(name: string) {
      const album = await asApi('createAlbum', () => engine.marks.createAlbum(name));
      emit('library:changed', { reason: 'albums' });
      return album;
    },
    async renameAlbum(albumId: number, name: string) {
      const album = await asApi('renameAlbum', () => engine.marks.renameAlbum(albumId, name));
      emit('library:changed', { reason: 'albums' });
      return album;
    },
    async deleteAlbum(albumId: number) {
      await asApi('deleteAlbum', () => engine.marks.deleteAlbum(albumId));
      emit('library:changed', { reason: 'albums' });
    },
    async addToAlbum(albumId: number, photoIds: number[]) {
      const album = await asApi('addToAlbum', () => engine.marks.addToAlbum(albumId, photoIds));
      emit('library:changed', { reason: 'albums' });
      return album;
    },
    async removeFromAlbum(albumId: number, photoIds: number[]) {
      const album = await asApi('removeFromAlbum', () => engine.marks.removeFromAlbum(albumId, photoIds));
      emit('library:changed', { reason: 'albums' });
      return album;
    },

    async exportPhotos(photoIds: number[], folder: string) {
      // Never into Loupe's own home (thumbnails, the catalog): anywhere else the user chose is fine.
      if (isInsideOrEqual(path.resolve(folder), engine.layout.root)) {
        throw new ApiError('bad-arguments', `exportPhotos: ${folder} is inside Loupe's own library home`);
      }
      return asApi('exportPhotos', () => engine.exports.exportCopies(photoIds, folder));
    },

    async listSubfolders(folder: string) {
      if (!folderPaths().includes(folder) && !folderPaths().some((f) => isInsideOrEqual(folder, f))) {
        throw new ApiError('bad-arguments', `listSubfolders: ${folder} is not inside a library folder`);
      }
      return photos.subfolders(path.resolve(folder));
    },

    async photoText(id: number) {
      const text = engine.text.photoText(id);
      if (!text) throw photoGone('photoText', id);
      return text;
    },

    async textMatches(text: string, ids: number[]) {
      return engine.text.matchesIn(text, ids);
    },

    async searchWords(text: string) {
      // the results themselves are not wanted here: one described, the counts over all that were found
      const { words, matched, ignored } = engine.textSearch.explained(text, 1, { countAll: true });
      // a word left out for matching nothing is a word of no photo: said as one, after the words that matched
      return words ?? [...(matched ?? []), ...(ignored ?? []).map((term) => ({ term, photos: 0, kinds: [] }))];
    },

    async updateSettings(patch: Partial<LoupeSettings>) {
      // validate-args checked the patch's form; the engine's store checks the values, on the same lists.
      return asApi('updateSettings', () => engine.settings.update(patch));
    },

    ...learnCalls({ engine, photos, emit }),
  };

  // Every channel: refuse after close, check the arguments, then run. Trailing nulls (optional arguments after
  // JSON) become undefined so defaults apply.
  const guarded = {} as Record<ApiChannel, (...args: unknown[]) => Promise<unknown>>;
  for (const channel of API_CHANNELS) {
    const method = api[channel] as (...args: unknown[]) => Promise<unknown>;
    guarded[channel] = async (...args: unknown[]) => {
      if (closed) throw new ApiError('engine-unavailable', `${channel}: the library is closed`);
      validateArgs(channel, args);
      return method.apply(api, args.map((a) => (a === null ? undefined : a)));
    };
  }

  if (watchEnabled) watching = watch.restart(folderPaths());
  if ((opts.indexOnOpen ?? true) && folderPaths().length > 0) jobs.start();

  return {
    ...(guarded as unknown as LoupeApi),
    async media(size, photoId) {
      if (closed) return null;
      const catalog = { thumbnailDir: engine.layout.thumbnails, contentHashOf: (id: number) => photos.fileOf(id)?.contentHash ?? null };
      const found = await resolveMedia(catalog, size, photoId);
      if (found && isWholeJpeg(found.file)) return found;
      // A catalogued photo whose thumbnail went missing or was damaged: made again from the original, now.
      const file = Number.isSafeInteger(photoId) ? photos.fileOf(photoId) : null;
      if (!file || !photos.summaryById(photoId)) return null;
      const mtime = (await fs.stat(file.path).catch(() => null))?.mtimeMs ?? Date.now();
      if (!(await remakeThumbnails(engine.layout.thumbnails, file.path, file.contentHash, mtime))) return null;
      return resolveMedia(catalog, size, photoId);
    },
    catalogedPath(filePath) {
      if (closed || typeof filePath !== 'string' || !path.isAbsolute(filePath) || filePath.includes('\0')) return null;
      return photos.summariesByPaths([path.normalize(filePath)])[0]?.path ?? null;
    },
    async idle() {
      await jobs.settled();
      await watch.idle();
      await queue.idle();
    },
    async close() {
      if (closed) return;
      closed = true;
      stopDeepNews();
      await jobs.close();
      await watch.close();
      await queue.idle();
    },
  };
}
