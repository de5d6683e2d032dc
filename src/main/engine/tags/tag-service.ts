import type { FileRepository } from '../catalog/file-repository.js';
import type { FileTag, TagRepository } from '../catalog/tag-repository.js';
import type { PhotoTag } from '../../../shared/api.js';
import { LibraryError } from '../errors.js';
import type { SettingsStore } from '../settings.js';

export interface PhotoTags {
  path: string;
  tags: FileTag[];
}

/** Tags of photos: automatic ones from the detector (shown above the confidence threshold) and the user's own. */
export class TagService {
  constructor(private readonly deps: { files: FileRepository; tags: TagRepository; settings: SettingsStore }) {}

  /** The tags shown for a photo; `threshold` overrides the setting for automatic tags (evaluation). */
  tagsOf(fileId: number, threshold = this.deps.settings.get('tagThreshold')): PhotoTags {
    const file = this.fileOf(fileId);
    return { path: file.path, tags: this.deps.tags.tagsOf(file.id, threshold) };
  }

  /** Every known tag (English and Chinese names), for matching typed words and folder names. */
  vocabulary(): { name: string; name_zh: string | null }[] {
    return this.deps.tags.allTags();
  }

  add(fileId: number, name: string): PhotoTags {
    const file = this.fileOf(fileId);
    this.deps.tags.addUserTag(file.id, validTagName(name));
    return this.tagsOf(file.id);
  }

  remove(fileId: number, name: string): PhotoTags {
    const file = this.fileOf(fileId);
    if (!this.deps.tags.removeUserTag(file.id, validTagName(name))) {
      throw new LibraryError('not-found', `${file.path} has no tag "${name}".`);
    }
    return this.tagsOf(file.id);
  }

  private fileOf(fileId: number) {
    const file = this.deps.files.byId(fileId);
    if (!file) throw new LibraryError('not-found', `There is no photo ${fileId} in the catalog.`);
    return file;
  }
}

/** A photo's tag as every interface shows it (the API, the CLI's JSON): the contract's names, not the catalog's. */
export function toPhotoTag(t: FileTag): PhotoTag {
  return { tag: t.name, tagZh: t.name_zh, source: t.source, confidence: t.confidence };
}

/** Tag names are short labels typed by people: trimmed, no control characters, at most 64 characters. */
export function validTagName(name: string): string {
  const t = name.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (t.length === 0 || t.length > 64 || /\p{Cc}/u.test(t)) {
    throw new LibraryError('invalid', `"${name}" is not a valid tag name (1 to 64 characters, no control characters).`);
  }
  return t;
}
