// Runtime checks of every API call's arguments. The contract's types hold only inside this process: a
// renderer or a browser tab can send anything, so every value is checked here before the engine sees it.
// A failure throws ApiError('bad-arguments', '<call>: <what is wrong>').
import path from 'node:path';
import type { ApiChannel, ApiErrorDetail, PhotoQuery } from '../../shared/api.js';
import { ApiError } from '../../shared/api-dispatch.js';
import { DEFAULT_KEEP_RULES, DUPLICATE_LEVELS } from '../../shared/duplicate-types.js';
import { MAX_PERSON_NAME_LENGTH } from '../../shared/people-types.js';
import { LANGUAGES, PROVIDERS, SETTING_KEYS, TAG_THRESHOLD_RANGE, THEMES } from '../../shared/settings.js';
import { COLOR_LABELS, MARK_KEYS, MAX_ALBUM_NAME_LENGTH, MAX_RATING, ROTATIONS } from '../../shared/marks-types.js';
import { checkPlaceInput, checkPlaceQuery } from './place-args.js';
import { MAX_LEARNED_TAG_JSON } from '../../shared/learn-types.js';
import { HOME_REPAIRS } from '../../shared/home-types.js';
import { MAX_DATE_INPUT_LENGTH } from '../../shared/date-types.js';

export const MAX_PATH_LENGTH = 4096;
export const MAX_TAG_LENGTH = 64;
export const MAX_SEARCH_TEXT_LENGTH = 500;
export const MAX_PAGE_LIMIT = 500;
export const MAX_RESULT_LIMIT = 1000;
export const MAX_TRASH_IDS = 10_000;
/** DroppedImage: at most 40 MB decoded. */
export const MAX_IMAGE_BYTES = 40 * 1024 * 1024;
export const MAX_IMAGE_BASE64_LENGTH = Math.ceil(MAX_IMAGE_BYTES / 3) * 4;

const SORTS = ['date-desc', 'date-asc', 'name'] as const;

export class Check {
  constructor(private readonly call: string) {}

  /** `detail`: the sentence the UI says instead, where a person can have typed the value (a folder's path) */
  fail(what: string, detail?: ApiErrorDetail): never {
    throw new ApiError('bad-arguments', `${this.call}: ${what}`, detail ? { detail } : undefined);
  }

  arity(args: unknown[], min: number, max: number): void {
    // Trailing null/undefined are what optional arguments look like after JSON or structured clone.
    let n = args.length;
    while (n > min && (args[n - 1] === undefined || args[n - 1] === null)) n--;
    if (n < min || n > max) {
      this.fail(min === max ? `expects ${min} argument(s), got ${args.length}` : `expects ${min} to ${max} arguments, got ${args.length}`);
    }
  }

  id(value: unknown, name: string): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      this.fail(`${name} must be a whole number greater than 0, got ${describe(value)}`);
    }
    return value;
  }

  text(value: unknown, name: string, maxLength: number, minLength = 1): string {
    if (typeof value !== 'string') this.fail(`${name} must be a string, got ${describe(value)}`);
    if (value.length < minLength) this.fail(`${name} must not be empty`);
    if (value.length > maxLength) this.fail(`${name} must be at most ${maxLength} characters, got ${value.length}`);
    if (value.includes('\0')) this.fail(`${name} must not contain NUL characters`);
    return value;
  }

  /** Absolute, already normal (no `.`/`..` segments, no doubled separators): the path means what it says. */
  absolutePath(value: unknown, name: string): string {
    const p = this.text(value, name, MAX_PATH_LENGTH);
    // a person types these into the add-folder box: the UI says why in their language (trial: 中文 showed English)
    const detail: ApiErrorDetail = { key: 'not-full-path', params: { path: p } };
    if (!path.isAbsolute(p)) this.fail(`${name} must be an absolute path, got ${JSON.stringify(p)}`, detail);
    if (p.split(/[\\/]/).some((seg) => seg === '..' || seg === '.')) this.fail(`${name} must not contain "." or ".." segments`, detail);
    return p;
  }

  /** 1 to MAX_TRASH_IDS distinct photo ids. */
  idList(value: unknown, name: string): number[] {
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_TRASH_IDS) this.fail(`${name} must be a list of 1 to ${MAX_TRASH_IDS} ids`);
    const ids = value as unknown[];
    ids.forEach((id, i) => this.id(id, `${name}[${i}]`));
    if (new Set(ids).size !== ids.length) this.fail(`${name} must not repeat an id`);
    return ids as number[];
  }

  oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(`${name} must be one of ${allowed.join(', ')}, got ${describe(value)}`);
    }
    return value as T;
  }

  optionalLimit(value: unknown, max: number): void {
    if (value === undefined || value === null) return;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max) {
      this.fail(`limit must be a whole number from 1 to ${max}, got ${describe(value)}`);
    }
  }

  plainObject(value: unknown, name: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(`${name} must be an object, got ${describe(value)}`);
    return value as Record<string, unknown>;
  }

  onlyKeys(obj: Record<string, unknown>, name: string, allowed: readonly string[]): void {
    const extra = Object.keys(obj).filter((k) => !allowed.includes(k));
    if (extra.length > 0) this.fail(`${name} has unknown field(s): ${extra.join(', ')}`);
  }

  isoDate(value: unknown, name: string): void {
    const s = this.text(value, name, 10);
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
    if (!m || !d || d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() + 1 !== Number(m[2]) || d.getUTCDate() !== Number(m[3])) {
      this.fail(`${name} must be a date as YYYY-MM-DD, got ${JSON.stringify(s)}`);
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  return `a ${typeof value}`;
}

function checkQuery(c: Check, value: unknown): void {
  const q = c.plainObject(value, 'query');
  const keys: readonly (keyof PhotoQuery)[] = [
    'folder', 'tag', 'camera', 'from', 'to', 'sort', 'offset', 'limit', 'album', 'favourite', 'minRating', 'label', 'place', 'bounds', 'undated', 'monthDay',
  ];
  c.onlyKeys(q, 'query', keys);
  const has = (k: keyof PhotoQuery) => q[k] !== undefined && q[k] !== null;
  if (has('folder')) c.absolutePath(q.folder, 'query.folder');
  if (has('tag')) c.text(q.tag, 'query.tag', MAX_TAG_LENGTH);
  if (has('camera')) c.text(q.camera, 'query.camera', 200);
  if (has('from')) c.isoDate(q.from, 'query.from');
  if (has('to')) c.isoDate(q.to, 'query.to');
  if (has('from') && has('to') && (q.from as string) > (q.to as string)) c.fail('query.from must not be after query.to');
  if (has('sort')) c.oneOf(q.sort, 'query.sort', SORTS);
  if (has('album')) c.id(q.album, 'query.album');
  if (has('favourite') && typeof q.favourite !== 'boolean') c.fail(`query.favourite must be true or false, got ${describe(q.favourite)}`);
  if (has('minRating')) checkRating(c, q.minRating, 'query.minRating');
  if (has('label')) c.oneOf(q.label, 'query.label', COLOR_LABELS);
  checkPlaceQuery(c, q);
  if (has('offset') && (typeof q.offset !== 'number' || !Number.isSafeInteger(q.offset) || q.offset < 0 || q.offset > 1e9)) {
    c.fail(`query.offset must be a whole number from 0 to 1000000000, got ${describe(q.offset)}`);
  }
  if (has('limit') && (typeof q.limit !== 'number' || !Number.isSafeInteger(q.limit) || q.limit < 1 || q.limit > MAX_PAGE_LIMIT)) {
    c.fail(`query.limit must be a whole number from 1 to ${MAX_PAGE_LIMIT}, got ${describe(q.limit)}`);
  }
}

function checkRating(c: Check, value: unknown, name: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_RATING) {
    c.fail(`${name} must be a whole number of stars from 0 to ${MAX_RATING}, got ${describe(value)}`);
  }
}

function checkMarksPatch(c: Check, value: unknown): void {
  const p = c.plainObject(value, 'patch');
  c.onlyKeys(p, 'patch', MARK_KEYS);
  if (!MARK_KEYS.some((k) => p[k] !== undefined)) c.fail(`patch must set at least one of ${MARK_KEYS.join(', ')}`);
  if (p.favourite !== undefined && typeof p.favourite !== 'boolean') c.fail(`favourite must be true or false, got ${describe(p.favourite)}`);
  if (p.rating !== undefined) checkRating(c, p.rating, 'rating');
  if (p.label !== undefined && p.label !== null) c.oneOf(p.label, 'label', COLOR_LABELS);
  if (p.rotation !== undefined && !(ROTATIONS as readonly unknown[]).includes(p.rotation)) {
    c.fail(`rotation must be one of ${ROTATIONS.join(', ')}, got ${describe(p.rotation)}`);
  }
}

/** setPhotoDates' change: exactly one of { set: text }, { shift: text }, { clear: true } (the engine reads the text). */
function checkDateChange(c: Check, value: unknown): void {
  const ch = c.plainObject(value, 'change');
  const keys = Object.keys(ch);
  if (keys.length !== 1 || !['set', 'shift', 'clear'].includes(keys[0])) c.fail('change must be one of { set }, { shift }, { clear: true }');
  if ('clear' in ch) {
    if (ch.clear !== true) c.fail(`change.clear must be true, got ${describe(ch.clear)}`);
    return;
  }
  const text = c.text(ch[keys[0]], `change.${keys[0]}`, MAX_DATE_INPUT_LENGTH);
  if (!text.trim()) c.fail(`change.${keys[0]} must not be blank`);
}

function checkAlbumName(c: Check, value: unknown): void {
  const name = c.text(value, 'name', MAX_ALBUM_NAME_LENGTH);
  if (!name.trim()) c.fail('name must not be blank');
}

/** A person's name (namePerson, nameFace): any language, not blank. */
function checkPersonName(c: Check, value: unknown): void {
  if (!c.text(value, 'name', MAX_PERSON_NAME_LENGTH).trim()) c.fail('name must not be blank');
}

function checkImage(c: Check, value: unknown): void {
  const img = c.plainObject(value, 'image');
  c.onlyKeys(img, 'image', ['name', 'dataBase64']);
  c.text(img.name, 'image.name', 255);
  const data = c.text(img.dataBase64, 'image.dataBase64', MAX_IMAGE_BASE64_LENGTH);
  if (data.length > MAX_IMAGE_BASE64_LENGTH) c.fail(`image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`);
  // Standard or URL-safe alphabet, optional padding; Buffer.from would silently skip anything else.
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(data)) c.fail('image.dataBase64 is not base64');
}

function checkSettingsPatch(c: Check, value: unknown): void {
  const p = c.plainObject(value, 'patch');
  c.onlyKeys(p, 'patch', SETTING_KEYS);
  if ('language' in p && p.language !== null) c.oneOf(p.language, 'language', LANGUAGES);
  if ('theme' in p) c.oneOf(p.theme, 'theme', THEMES);
  if ('provider' in p) c.oneOf(p.provider, 'provider', PROVIDERS);
  if ('tagThreshold' in p) {
    const t = p.tagThreshold;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < TAG_THRESHOLD_RANGE.min || t > TAG_THRESHOLD_RANGE.max) {
      c.fail(`tagThreshold must be a number from ${TAG_THRESHOLD_RANGE.min} to ${TAG_THRESHOLD_RANGE.max}, got ${describe(t)}`);
    }
  }
  if ('keepRules' in p) {
    const rules = p.keepRules;
    if (!Array.isArray(rules) || rules.length === 0 || rules.length > DEFAULT_KEEP_RULES.length) {
      c.fail(`keepRules must be a list of 1 to ${DEFAULT_KEEP_RULES.length} rules`);
    }
    for (const r of rules) c.oneOf(r, 'keepRules[]', DEFAULT_KEEP_RULES);
    if (new Set(rules).size !== rules.length) c.fail('keepRules must not repeat a rule');
  }
}

const learnedName = (c: Check, v: unknown, name = 'tag') => c.text(v, name, MAX_TAG_LENGTH);
const LEARN_CHECKS = {
  listLearnedTags: (c: Check, a: unknown[]) => c.arity(a, 0, 0),
  teachTag: (c: Check, a: unknown[]) => {
    c.arity(a, 2, 4);
    learnedName(c, a[0]);
    const add = c.idList(a[1], 'photoIds');
    if (a[2] !== undefined && a[2] !== null && !(Array.isArray(a[2]) && a[2].length === 0)) {
      const not = c.idList(a[2], 'notPhotoIds');
      if (not.some((id) => add.includes(id))) c.fail('a photo cannot be both an example and a counter-example');
    }
    if (a[3] !== undefined && a[3] !== null) learnedName(c, a[3], 'tagZh');
  },
  answerSuggestion: (c: Check, a: unknown[]) => {
    c.arity(a, 3, 3);
    learnedName(c, a[0]);
    c.id(a[1], 'photoId');
    if (typeof a[2] !== 'boolean') c.fail(`yes must be true or false, got ${describe(a[2])}`);
  },
  suggestForTag: (c: Check, a: unknown[]) => { c.arity(a, 1, 2); learnedName(c, a[0]); c.optionalLimit(a[1], MAX_RESULT_LIMIT); },
  setLearnedThreshold: (c: Check, a: unknown[]) => {
    c.arity(a, 2, 2);
    learnedName(c, a[0]);
    if (a[1] !== null && (typeof a[1] !== 'number' || !(a[1] > 0 && a[1] < 1))) c.fail(`threshold must be a number between 0 and 1, or null, got ${describe(a[1])}`);
  },
  learnedTagCounts: (c: Check, a: unknown[]) => { c.arity(a, 1, 1); learnedName(c, a[0]); },
  retrainTag: (c: Check, a: unknown[]) => { c.arity(a, 1, 1); learnedName(c, a[0]); },
  renameLearnedTag: (c: Check, a: unknown[]) => {
    c.arity(a, 2, 3);
    learnedName(c, a[0]);
    learnedName(c, a[1], 'newName');
    if (a[2] !== undefined && a[2] !== null) learnedName(c, a[2], 'newNameZh');
  },
  deleteLearnedTag: (c: Check, a: unknown[]) => { c.arity(a, 1, 1); learnedName(c, a[0]); },
  exportLearnedTag: (c: Check, a: unknown[]) => { c.arity(a, 1, 1); learnedName(c, a[0]); },
  importLearnedTag: (c: Check, a: unknown[]) => {
    c.arity(a, 1, 2);
    c.text(a[0], 'json', MAX_LEARNED_TAG_JSON);
    if (a[1] !== undefined && a[1] !== null) learnedName(c, a[1], 'name');
  },
};

// Typed by a mapped type over the contract: a new channel without a check does not compile.
const CHECKS: { readonly [C in ApiChannel]: (c: Check, a: unknown[]) => void } = {
  status: (c, a) => c.arity(a, 0, 0),
  listFolders: (c, a) => c.arity(a, 0, 0),
  addFolder: (c, a) => { c.arity(a, 1, 1); c.absolutePath(a[0], 'path'); },
  removeFolder: (c, a) => { c.arity(a, 1, 1); c.absolutePath(a[0], 'path'); },
  startIndex: (c, a) => c.arity(a, 0, 0),
  pauseIndex: (c, a) => { c.arity(a, 1, 1); c.text(a[0], 'jobId', 100); },
  resumeIndex: (c, a) => { c.arity(a, 1, 1); c.text(a[0], 'jobId', 100); },
  cancelIndex: (c, a) => { c.arity(a, 1, 1); c.text(a[0], 'jobId', 100); },
  listFailures: (c, a) => c.arity(a, 0, 0),
  listPhotos: (c, a) => { c.arity(a, 1, 1); checkQuery(c, a[0]); },
  getPhoto: (c, a) => { c.arity(a, 1, 1); c.id(a[0], 'id'); },
  addTag: (c, a) => { c.arity(a, 2, 2); c.id(a[0], 'id'); c.text(a[1], 'tag', MAX_TAG_LENGTH); },
  removeTag: (c, a) => { c.arity(a, 2, 2); c.id(a[0], 'id'); c.text(a[1], 'tag', MAX_TAG_LENGTH); },
  facets: (c, a) => c.arity(a, 0, 0),
  search: (c, a) => { c.arity(a, 1, 2); c.text(a[0], 'text', MAX_SEARCH_TEXT_LENGTH, 0); c.optionalLimit(a[1], MAX_RESULT_LIMIT); },
  findSimilar: (c, a) => { c.arity(a, 1, 2); c.id(a[0], 'photoId'); c.optionalLimit(a[1], MAX_RESULT_LIMIT); },
  findSimilarToImage: (c, a) => { c.arity(a, 1, 2); checkImage(c, a[0]); c.optionalLimit(a[1], MAX_RESULT_LIMIT); },
  listDuplicateGroups: (c, a) => {
    c.arity(a, 0, 1);
    if (a[0] !== undefined && a[0] !== null) c.oneOf(a[0], 'level', DUPLICATE_LEVELS);
  },
  duplicateProgress: (c, a) => c.arity(a, 0, 0),
  explainPair: (c, a) => {
    c.arity(a, 2, 2);
    if (c.id(a[0], 'a') === c.id(a[1], 'b')) c.fail('a and b must be two different photos');
  },
  cleanUpDuplicates: (c, a) => {
    c.arity(a, 3, 3);
    c.id(a[0], 'groupId');
    const keep = c.id(a[1], 'keepId');
    c.idList(a[2], 'trashIds');
    if ((a[2] as number[]).includes(keep)) c.fail('trashIds must not contain keepId');
  },
  chooseDuplicateKeeper: (c, a) => { c.arity(a, 1, 1); c.id(a[0], 'photoId'); },
  trashPhotos: (c, a) => {
    c.arity(a, 1, 1);
    c.idList(a[0], 'photoIds');
  },
  restorePhotos: (c, a) => {
    c.arity(a, 1, 1);
    const token = c.text(a[0], 'undoToken', 200);
    if (!/^[\x21-\x7e]+$/.test(token)) c.fail('undoToken must be printable ASCII without spaces');
  },
  getSettings: (c, a) => c.arity(a, 0, 0),
  updateSettings: (c, a) => { c.arity(a, 1, 1); checkSettingsPatch(c, a[0]); },
  listPeople: (c, a) => {
    c.arity(a, 0, 1);
    if (a[0] !== undefined && a[0] !== null && typeof a[0] !== 'boolean') c.fail('includeHidden must be true or false');
  },
  getPerson: (c, a) => { c.arity(a, 1, 1); c.id(a[0], 'personId'); },
  photoFaces: (c, a) => { c.arity(a, 1, 1); c.id(a[0], 'photoId'); },
  namePerson: (c, a) => {
    c.arity(a, 2, 2);
    c.id(a[0], 'personId');
    checkPersonName(c, a[1]);
  },
  mergePeople: (c, a) => {
    c.arity(a, 2, 2);
    const into = c.id(a[0], 'intoId');
    c.idList(a[1], 'otherIds');
    if ((a[1] as number[]).includes(into)) c.fail('otherIds must not contain intoId');
  },
  splitPerson: (c, a) => { c.arity(a, 2, 2); c.id(a[0], 'personId'); c.idList(a[1], 'faceIds'); },
  rejectFace: (c, a) => {
    c.arity(a, 1, 2);
    c.id(a[0], 'faceId');
    if (a[1] !== undefined && a[1] !== null) c.id(a[1], 'personId');
  },
  assignFace: (c, a) => { c.arity(a, 2, 2); c.id(a[0], 'faceId'); c.id(a[1], 'personId'); },
  setPersonHidden: (c, a) => {
    c.arity(a, 2, 2);
    c.id(a[0], 'personId');
    if (typeof a[1] !== 'boolean') c.fail('hidden must be true or false');
  },
  addFace: (c, a) => {
    c.arity(a, 2, 3);
    c.id(a[0], 'photoId');
    const box = a[1];
    if (!Array.isArray(box) || box.length !== 4 || box.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1e6)) {
      c.fail('box must be [x, y, width, height]: four numbers from 0 to 1000000');
    }
    if ((box as number[])[2] < 4 || (box as number[])[3] < 4) c.fail('box must be at least 4 pixels wide and high');
    if (a[2] !== undefined && a[2] !== null) c.id(a[2], 'personId');
  },
  removeFace: (c, a) => { c.arity(a, 1, 1); c.id(a[0], 'faceId'); },
  faceSuggestions: (c, a) => { c.arity(a, 0, 1); c.optionalLimit(a[0], MAX_RESULT_LIMIT); },
  tagPhotos: (c, a) => {
    c.arity(a, 3, 3);
    c.idList(a[0], 'photoIds');
    c.text(a[1], 'tag', MAX_TAG_LENGTH);
    c.oneOf(a[2], 'action', ['add', 'remove'] as const);
  },
  setMarks: (c, a) => { c.arity(a, 2, 2); c.idList(a[0], 'photoIds'); checkMarksPatch(c, a[1]); },
  listAlbums: (c, a) => c.arity(a, 0, 0),
  createAlbum: (c, a) => { c.arity(a, 1, 1); checkAlbumName(c, a[0]); },
  renameAlbum: (c, a) => { c.arity(a, 2, 2); c.id(a[0], 'albumId'); checkAlbumName(c, a[1]); },
  deleteAlbum: (c, a) => { c.arity(a, 1, 1); c.id(a[0], 'albumId'); },
  addToAlbum: (c, a) => { c.arity(a, 2, 2); c.id(a[0], 'albumId'); c.idList(a[1], 'photoIds'); },
  removeFromAlbum: (c, a) => { c.arity(a, 2, 2); c.id(a[0], 'albumId'); c.idList(a[1], 'photoIds'); },
  exportPhotos: (c, a) => { c.arity(a, 2, 2); c.idList(a[0], 'photoIds'); c.absolutePath(a[1], 'folder'); },
  listSubfolders: (c, a) => { c.arity(a, 1, 1); c.absolutePath(a[0], 'folder'); },
  photoText: (c, a) => { c.arity(a, 1, 1); c.id(a[0], 'id'); },
  searchWords: (c, a) => { c.arity(a, 1, 1); c.text(a[0], 'text', MAX_SEARCH_TEXT_LENGTH); },
  textMatches: (c, a) => {
    c.arity(a, 2, 2);
    c.text(a[0], 'text', MAX_SEARCH_TEXT_LENGTH);
    if (c.idList(a[1], 'ids').length > MAX_RESULT_LIMIT) c.fail(`ids must hold at most ${MAX_RESULT_LIMIT} photos`);
  },
  listPlaces: (c, a) => c.arity(a, 0, 0),
  mapPoints: (c, a) => c.arity(a, 0, 0),
  setPhotoDates: (c, a) => { c.arity(a, 2, 2); c.idList(a[0], 'photoIds'); checkDateChange(c, a[1]); },
  setPlace: (c, a) => { c.arity(a, 1, 2); c.id(a[0], 'id'); checkPlaceInput(c, a[1]); },
  timeline: (c, a) => c.arity(a, 0, 0),
  ...LEARN_CHECKS,
  repairHome: (c, a) => { c.arity(a, 1, 1); c.oneOf(a[0], 'choice', HOME_REPAIRS); },
  nameFace: (c, a) => {
    c.arity(a, 2, 2);
    c.id(a[0], 'faceId');
    checkPersonName(c, a[1]);
  },
  unassignedFaces: (c, a) => { c.arity(a, 0, 1); c.optionalLimit(a[0], MAX_RESULT_LIMIT); },
};

/** Throws ApiError('bad-arguments') unless `args` fit `channel`'s parameters. */
export function validateArgs(channel: ApiChannel, args: unknown[]): void {
  CHECKS[channel](new Check(channel), args);
}
