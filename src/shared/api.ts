// The ONE contract between Loupe's backend (the engine, reached through Electron IPC or through
// `loupe serve` over HTTP) and the UI. Main, preload and renderer all import from here.
//
// Rules that keep it transport-neutral:
// - every value crossing it is JSON-safe (no Date, Map, bigint, Buffer, class instances), so the
//   same calls work over structured-clone IPC and over JSON on the wire;
// - no Node and no DOM types: this file is compiled for both sides;
// - a call returns an ApiResult envelope on the wire (never a thrown Error), because Electron's IPC
//   and contextBridge flatten errors to a message string and would lose `code`.

import type { DuplicateGroup, DuplicateLevel, DuplicateProgress, PairExplanation } from './duplicate-types.js';
import type { FileFailure, IndexSummary, JobProgress, LibraryFolder } from './library-types.js';
import type { FaceRect, FaceSuggestion, PersonDetail, PersonInfo, PhotoFace, UnassignedFace } from './people-types.js';
import type { Album, ColorLabel, ExportResult, MarksPatch, PhotoMarks, SubFolder } from './marks-types.js';
import type { PhotoText, PhotoTextMatch } from './text-types.js';
import type { GeoBounds, MapPoints, PhotoPlace, PlaceCount, PlaceInput } from './place-types.js';
import type { LearnedTag } from './learn-types.js';
import type { DateChange, PhotoDate } from './date-types.js';
import type { HomeDamage, HomeNotice, HomeRepair } from './home-types.js';
import type { SearchWordCount } from './search-words.js';
import type { PhotoDamage } from './photo-damage.js';

import type { LoupeSettings } from './settings.js';

export type { Language, LoupeSettings, ProviderChoice, ThemeSetting } from './settings.js';

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
  /** the execution provider the models ran on last ('cpu', 'webgpu', ...), null before the first run */
  provider: string | null;
  /** what the user should know about the library home, one sentence, else null: the home is read-only, a clean-up
   *  interrupted by a crash was finished, a catalog backup is offered (see `loupe doctor`) */
  homeNotice?: string | null;
  /** the same notices as sentence keys, for the UI to say in the user's language */
  homeNotices?: HomeNotice[];
  /** the catalog could not be opened (damaged, emptied, deleted): what happened and the backup on offer; the
   *  engine is not running (engineReady false) until the user repairs the home (repairHome) */
  homeDamage?: HomeDamage | null;
}

/** One photo as grids show it. Images are fetched through the transport's mediaUrl(id, size). */
export interface PhotoSummary {
  id: number;
  path: string;
  /** file name without folders, for captions */
  name: string;
  width: number | null;
  height: number | null;
  takenAt: string | null;
  /** the date is only the file's time (a copy resets it): shown as a guess, so the user knows which to fix */
  dateGuessed?: boolean;
  /** changes when the file's content changes, so a cached thumbnail URL can be busted */
  version: string;
  /** the user's marks (favourite, stars, colour label, rotation); optional so that screens building a summary
   *  from other records (duplicate members) need not invent them */
  marks?: PhotoMarks;
  /** false while the photo's thumbnail is not made yet (it is still being indexed): show a placeholder */
  ready?: boolean;
}

export type PhotoSort = 'date-desc' | 'date-asc' | 'name';

export interface PhotoQuery {
  /** absolute folder path: photos inside it (sub-folders included) */
  folder?: string;
  tag?: string;
  camera?: string;
  /** inclusive ISO dates (YYYY-MM-DD) on the capture date */
  from?: string;
  to?: string;
  sort?: PhotoSort;
  /** photos in this album */
  album?: number;
  /** only favourites */
  favourite?: boolean;
  /** at least this many stars (1-5) */
  minRating?: number;
  label?: ColorLabel;
  /** photos taken in this place (as `loupe places` lists it: a null city means the country as a whole) */
  place?: { country: string | null; city: string | null };
  /** photos whose place lies in this rectangle (a map cluster) */
  bounds?: GeoBounds;
  /** only photos without a capture date (the timeline's own section for them) */
  undated?: boolean;
  /** photos taken on this day of the year in any year, "MM-DD" ("on this day") */
  monthDay?: string;
  /** rows to skip (the grid asks for the window it shows) */
  offset?: number;
  /** at most 500 */
  limit?: number;
}

export interface PhotoPage {
  photos: PhotoSummary[];
  /** how many photos match the query in all (the grid's scroll height) */
  total: number;
  offset: number;
}

export interface PhotoTag {
  tag: string;
  /** Chinese name when known */
  tagZh: string | null;
  source: 'auto' | 'user' | 'learned';
  /** detector confidence for automatic tags, null for the user's */
  confidence: number | null;
}

export interface PhotoDetail extends PhotoSummary {
  /** the folder the file lies in (its own, a sub-folder of the library folder where it is in one) */
  folder: string;
  bytes: number;
  format: string | null;
  camera: string | null;
  lens: string | null;
  gps: { lat: number; lon: number } | null;
  state: 'pending' | 'ready' | 'failed';
  /** the file ends early and the photo was read from the part that decodes; null when whole */
  damage?: PhotoDamage | null;
  /** why processing failed, when state is 'failed' */
  errors: string[];
  tags: PhotoTag[];
  /** the albums the photo is in */
  albums: { id: number; name: string }[];
  /** where it was taken (from its GPS, or set by hand); null when unknown */
  place?: PhotoPlace | null;
  /** the capture date, where it came from, and the photo's own under one set by hand */
  date?: PhotoDate;
}

/** Photos per capture day, newest first, and how many have no date (the timeline's outline). */
export interface TimelineOutline {
  days: { day: string; count: number }[];
  undated: number;
}

/** What one search word matched in a found photo: its kind ('tag', 'date', 'month', 'place', 'person', 'text',
 *  'name' for a file or folder name, 'camera'), so the results can say how the words were understood. */
export interface SearchWordMatch {
  term: string;
  kind: string;
}

/** A photo found by a search, with what each of its words matched. */
export interface SearchResult extends PhotoSummary {
  matched: SearchWordMatch[];
  /** where a person's name matched: that person's face [x, y, w, h] (displayed pixels), for the square thumbnail */
  face?: [number, number, number, number];
}

export interface SimilarPhoto {
  photo: PhotoSummary;
  /** cosine similarity in [0, 1]; 1 means identical embeddings. */
  score: number;
}

export interface TagCount {
  tag: string;
  tagZh: string | null;
  count: number;
}

/** What the library's filter menus offer. */
export interface LibraryFacets {
  tags: TagCount[];
  cameras: { camera: string; count: number }[];
  /** capture years with photo counts, newest first */
  years: { year: number; count: number }[];
}

export interface TrashResult {
  trashed: { id: number; path: string }[];
  failed: { id: number; path: string | null; reason: string }[];
  /** pass to restorePhotos to undo, while the files are still in the trash; null when nothing was trashed */
  undoToken: string | null;
}

export interface RestoreResult {
  restored: string[];
  failed: { path: string; reason: string }[];
}

/** An outside image dropped on the window: its bytes travel, never a path. */
export interface DroppedImage {
  name: string;
  /** base64 of the file, at most 40 MB decoded */
  dataBase64: string;
}

/** Everything the UI may ask of the backend. Every method is async and JSON-in/JSON-out. */
export interface LoupeApi {
  status(): Promise<LibraryStatus>;
  listFolders(): Promise<LibraryFolder[]>;
  /** `path` is absolute on the machine that runs the engine. Adding starts indexing it. */
  addFolder(path: string): Promise<LibraryFolder>;
  /** Forgets a folder's photos (the files stay on disk). */
  removeFolder(path: string): Promise<void>;
  /** Starts indexing every folder (or resolves with the job already running). */
  startIndex(): Promise<{ jobId: string }>;
  pauseIndex(jobId: string): Promise<void>;
  resumeIndex(jobId: string): Promise<void>;
  cancelIndex(jobId: string): Promise<void>;
  /** Files that could not be indexed, each with its reason. */
  listFailures(): Promise<FileFailure[]>;
  listPhotos(query: PhotoQuery): Promise<PhotoPage>;
  getPhoto(id: number): Promise<PhotoDetail>;
  addTag(id: number, tag: string): Promise<PhotoTag[]>;
  removeTag(id: number, tag: string): Promise<PhotoTag[]>;
  facets(): Promise<LibraryFacets>;
  /** Tags, names, folders, places, cameras and dates, in Chinese or English. */
  search(text: string, limit?: number): Promise<SearchResult[]>;
  findSimilar(photoId: number, limit?: number): Promise<SimilarPhoto[]>;
  /** Search by an image from outside the library; it is not added. */
  findSimilarToImage(image: DroppedImage, limit?: number): Promise<SimilarPhoto[]>;
  listDuplicateGroups(level?: DuplicateLevel): Promise<DuplicateGroup[]>;
  /** How many photos the groups have yet to take in (during a first index: the deep pass compares them). */
  duplicateProgress(): Promise<DuplicateProgress>;
  explainPair(a: number, b: number): Promise<PairExplanation>;
  /**
   * Moves the group's other members to the system trash and merges their user tags into `keepId`. `trashIds`:
   * the members the user confirmed; if the group changed since it was shown, nothing is trashed.
   */
  cleanUpDuplicates(groupId: number, keepId: number, trashIds: number[]): Promise<TrashResult>;
  /** The user keeps this photo of its duplicate group (stored: no re-run undoes it); returns the group as now shown. */
  chooseDuplicateKeeper(photoId: number): Promise<DuplicateGroup>;
  /** Moves files to the system trash (never deletes outright), so a wrong pick can be undone. */
  trashPhotos(photoIds: number[]): Promise<TrashResult>;
  /** Undoes one trashPhotos / cleanUpDuplicates while its files are still in the trash. */
  restorePhotos(undoToken: string): Promise<RestoreResult>;
  /** Photos per city (and per country outside cities), most first. */
  listPlaces(): Promise<PlaceCount[]>;
  /** Every placed photo's position, for the map. */
  mapPoints(): Promise<MapPoints>;
  /** Sets a photo's place by hand (it wins over the GPS and survives re-indexing); null forgets it. */
  setPlace(id: number, place: PlaceInput | null): Promise<PhotoPlace | null>;
  /** Sets one date on the photos, shifts each by an offset ("+1h", "-2d"), or clears the hand-set date (back to each
   *  photo's own). All or none: a bad date or a shift out of 1826..tomorrow for any photo changes nothing. */
  setPhotoDates(photoIds: number[], change: DateChange): Promise<PhotoDate[]>;
  /** Photo counts per capture day and the undated count, for the timeline. */
  timeline(): Promise<TimelineOutline>;
  getSettings(): Promise<LoupeSettings>;
  updateSettings(patch: Partial<LoupeSettings>): Promise<LoupeSettings>;
  // ---- people (issue #12); every decision below is final: no re-run undoes it
  /** People with at least one face (hidden ones only when asked), named first, then by photo count. */
  listPeople(includeHidden?: boolean): Promise<PersonInfo[]>;
  getPerson(personId: number): Promise<PersonDetail>;
  /** The faces on one photo, with names (the viewer's face boxes). */
  photoFaces(photoId: number): Promise<PhotoFace[]>;
  namePerson(personId: number, name: string): Promise<PersonInfo>;
  /** Merges the others into `intoId` (which keeps its id; its name, or the first other name). */
  mergePeople(intoId: number, otherIds: number[]): Promise<PersonInfo>;
  /** Moves faces out of a person into a new person (returned); they never go back by themselves. */
  splitPerson(personId: number, faceIds: number[]): Promise<PersonInfo>;
  /** "Not this person": the face leaves its person and is never suggested for it again. */
  rejectFace(faceId: number, personId?: number): Promise<void>;
  /** Puts a face into a person (a confirmed suggestion). */
  assignFace(faceId: number, personId: number): Promise<void>;
  setPersonHidden(personId: number, hidden: boolean): Promise<void>;
  /** A face the detector missed, drawn by the user on the photo (box in displayed pixels). */
  addFace(photoId: number, box: FaceRect, personId?: number): Promise<PhotoFace[]>;
  /** "Not a face": removed for good (a re-run does not bring it back). */
  removeFace(faceId: number): Promise<void>;
  /** Unknown faces that look like named people, most confident first. */
  faceSuggestions(limit?: number): Promise<FaceSuggestion[]>;
  /** "Who is this?" on one face: into the person of that name, or a new person so named (returned). */
  nameFace(faceId: number, name: string): Promise<PersonInfo>;
  /** Faces in no person, those grouping could judge (quality ok) and the largest first: what "Who is this?" names. */
  unassignedFaces(limit?: number): Promise<UnassignedFace[]>;
  /** Learned tags (taught from example photos), newest figures. */
  listLearnedTags(): Promise<LearnedTag[]>;
  /** Teaches a tag (new or existing) from at least 3 example photos in all, and optional counter-examples;
   *  retrains and applies it to the library. A bad input changes nothing. */
  teachTag(tag: string, photoIds: number[], notPhotoIds?: number[], tagZh?: string): Promise<LearnedTag>;
  /** "Is this also <tag>?": yes adds an example, no a counter-example; retrains. */
  answerSuggestion(tag: string, photoId: number, yes: boolean): Promise<LearnedTag>;
  /** The photos the model is least sure about (most worth an answer), best first; score = its confidence. */
  suggestForTag(tag: string, limit?: number): Promise<SimilarPhoto[]>;
  /** A cut-off the user chose (retrains and answers keep it), or null: the trainer chooses again (it retrains). */
  setLearnedThreshold(tag: string, threshold: number | null): Promise<LearnedTag>;
  /** How many photos the tag marks at each threshold 0.00, 0.01, ... 1.00 (101 counts, for the slider). */
  learnedTagCounts(tag: string): Promise<number[]>;
  retrainTag(tag: string): Promise<LearnedTag>;
  /** newNameZh: undefined keeps the Chinese name, null clears it */
  renameLearnedTag(tag: string, newName: string, newNameZh?: string | null): Promise<LearnedTag>;
  /** Removes the learned tag from every photo it marked; tags added by hand stay. */
  deleteLearnedTag(tag: string): Promise<{ tag: string; untagged: number }>;
  /** The model as a small JSON text (to save as a file). */
  exportLearnedTag(tag: string): Promise<string>;
  importLearnedTag(json: string, name?: string): Promise<LearnedTag>;
  /** Adds (or removes) one user tag on many photos at once. */
  tagPhotos(photoIds: number[], tag: string, action: 'add' | 'remove'): Promise<void>;
  /** Sets favourite / rating / colour label / rotation on many photos; resolves with how many were changed. */
  setMarks(photoIds: number[], patch: MarksPatch): Promise<number>;
  listAlbums(): Promise<Album[]>;
  createAlbum(name: string): Promise<Album>;
  renameAlbum(albumId: number, name: string): Promise<Album>;
  /** Deletes the album, never its photos. */
  deleteAlbum(albumId: number): Promise<void>;
  addToAlbum(albumId: number, photoIds: number[]): Promise<Album>;
  removeFromAlbum(albumId: number, photoIds: number[]): Promise<Album>;
  /** Copies the photos' files into `folder` (created when missing; never moves, never overwrites). */
  exportPhotos(photoIds: number[], folder: string): Promise<ExportResult>;
  /** The folders just below `folder` (a library folder or one inside it) that hold photos, with counts. */
  listSubfolders(folder: string): Promise<SubFolder[]>;
  /** The text read in a photo: lines with boxes (the viewer's text layer, copy text). */
  photoText(id: number): Promise<PhotoText>;
  /** For search results: which lines of each photo's text hold the search's words (for highlighting). */
  textMatches(text: string, ids: number[]): Promise<PhotoTextMatch[]>;
  /** A damaged home (LibraryStatus.homeDamage): puts the newest backup back, or starts a new, empty catalog (the old
   *  one kept aside); the engine then opens. Resolves with the new status. Refused ('conflict') when the home is sound. */
  repairHome(choice: HomeRepair): Promise<LibraryStatus>;
  /** For a search that found nothing: each of its conditions with how many photos it finds alone ("狗" 0, "2019" 24),
   *  so the empty state can say which word emptied it. For one that found photos: each word with every photo found
   *  and how it matched them, counted over all of them (the screen holds only the best SEARCH_SHOWN), then each word
   *  left out for matching nothing in the library, with 0 photos ("roti" of "roti man"). */
  searchWords(text: string): Promise<SearchWordCount[]>;
}

/** Events the backend pushes to every open UI. Payloads are JSON-safe like call results. */
export interface LoupeEvents {
  'index:progress': JobProgress;
  'index:finished': { jobId: string; summary: IndexSummary };
  'folders:changed': { folders: LibraryFolder[] };
  /** photos were added, changed, removed, trashed or restored: grids should ask again */
  'library:changed': { reason: string };
  /** the deep pass has just read the text and faces of a photo the user opened: a viewer showing it asks again */
  'photo:changed': { id: number };
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
  pauseIndex: true,
  resumeIndex: true,
  cancelIndex: true,
  listFailures: true,
  listPhotos: true,
  getPhoto: true,
  addTag: true,
  removeTag: true,
  facets: true,
  search: true,
  findSimilar: true,
  findSimilarToImage: true,
  listDuplicateGroups: true,
  duplicateProgress: true,
  explainPair: true,
  cleanUpDuplicates: true,
  chooseDuplicateKeeper: true,
  trashPhotos: true,
  restorePhotos: true,
  getSettings: true,
  updateSettings: true,
  listPeople: true,
  getPerson: true,
  photoFaces: true,
  namePerson: true,
  mergePeople: true,
  splitPerson: true,
  rejectFace: true,
  assignFace: true,
  setPersonHidden: true,
  addFace: true,
  removeFace: true,
  faceSuggestions: true,
  tagPhotos: true,
  setMarks: true,
  listAlbums: true,
  createAlbum: true,
  renameAlbum: true,
  deleteAlbum: true,
  addToAlbum: true,
  removeFromAlbum: true,
  exportPhotos: true,
  listSubfolders: true,
  photoText: true,
  textMatches: true,
  listPlaces: true,
  mapPoints: true,
  setPlace: true,
  setPhotoDates: true,
  timeline: true,
  listLearnedTags: true,
  teachTag: true,
  answerSuggestion: true,
  suggestForTag: true,
  setLearnedThreshold: true,
  learnedTagCounts: true,
  retrainTag: true,
  renameLearnedTag: true,
  deleteLearnedTag: true,
  exportLearnedTag: true,
  importLearnedTag: true,
  repairHome: true,
  nameFace: true,
  unassignedFaces: true,
  searchWords: true,
};
const eventSet: { readonly [E in ApiEvent]: true } = {
  'index:progress': true,
  'index:finished': true,
  'folders:changed': true,
  'library:changed': true,
  'photo:changed': true,
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
  | 'not-ready'         // it exists but is not indexed far enough yet (e.g. no similarity vector)
  | 'conflict'          // the library changed since the UI showed it (look again)
  | 'busy'              // another run holds what this call needs
  | 'cancelled'         // the user stopped it
  | 'home-damaged'      // the catalog is damaged or missing: nothing but status and repairHome works until repaired
  | 'internal';         // anything else; message carries the detail

/**
 * What went wrong, as a sentence key with parameters, for the UI to say in the user's language (the `message`
 * stays English for logs and the CLI). Keys are translated in src/renderer/i18n/ui-messages.ts (`errors`).
 */
export type ApiMessageKey = 'folder-missing' | 'not-a-folder' | 'inside-home' | 'already-in-library' | 'not-library-folder' | 'photo-gone' | 'person-on-photo' | 'people-on-one-photo' | 'name-taken' | 'not-full-path' | 'unknown-place'
  | 'bad-date' | 'date-out-of-range' | 'bad-shift' | 'no-date-to-shift' | 'shift-out-of-range';

export interface ApiErrorDetail {
  key: ApiMessageKey;
  params: Record<string, string>;
}

export interface ApiErrorInfo {
  code: ApiErrorCode;
  message: string;
  detail?: ApiErrorDetail;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorInfo };

/** What the preload puts on `window.loupe`: the raw, transport-level bridge (see src/renderer/api/client.ts). */
export interface LoupeBridge {
  /** Resolves with the envelope; rejects only for a channel name outside API_CHANNELS. */
  invoke<C extends ApiChannel>(channel: C, ...args: ApiArgs<C>): Promise<ApiResult<ApiReturn<C>>>;
  /** Returns the function that removes this listener. Throws for an event name outside API_EVENTS. */
  on<E extends ApiEvent>(event: E, listener: (payload: LoupeEvents[E]) => void): () => void;
  /** Desktop app only: the system's folder picker; the chosen absolute path, or null when cancelled. */
  pickFolder?(): Promise<string | null>;
  /** Desktop app only: reveals a catalogued photo in the file manager; false for any other path. */
  showItemInFolder?(path: string): Promise<boolean>;
  /** Desktop app only: the absolute path of a File dropped on the window (a DOM File; typed loosely because
   *  this file knows no DOM), or null. Lets a dropped folder be added. */
  pathForFile?(file: unknown): string | null;
}

/** IPC channels of the desktop-only bridge members (not part of LoupeApi: a browser has no such thing). */
export const IPC_PICK_FOLDER_CHANNEL = 'loupe:pick-folder';
export const IPC_SHOW_ITEM_CHANNEL = 'loupe:show-item';

/** Image sizes the media route serves: the grid thumbnail (320 px) and the viewer preview (1280 px). */
export type MediaSize = 'small' | 'large';

/**
 * Path (relative to the host's media origin) of one catalogued photo's image. Both hosts serve exactly
 * this shape and only for photos in the catalog: `loupe-media://app/<path>` in Electron,
 * `/<path>` under `loupe serve`. `version` only busts caches.
 */
export function mediaPath(size: MediaSize, photoId: number, version: string): string {
  return `media/${size}/${photoId}?v=${encodeURIComponent(version)}`;
}

/** Parses a media path back; null for anything else (the hosts refuse it). */
export function parseMediaPath(pathname: string): { size: MediaSize; photoId: number } | null {
  const m = /^\/?media\/(small|large)\/([1-9][0-9]{0,14})$/.exec(pathname);
  return m ? { size: m[1] as MediaSize, photoId: Number(m[2]) } : null;
}
