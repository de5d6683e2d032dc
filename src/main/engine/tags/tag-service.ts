import path from 'node:path';
import type { FileRepository } from '../catalog/file-repository.js';
import type { FileTag, TagRepository } from '../catalog/tag-repository.js';
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
  tagsOf(input: string, threshold = this.deps.settings.get('tagThreshold')): PhotoTags {
    const file = this.fileAt(input);
    return { path: file.path, tags: this.deps.tags.tagsOf(file.id, threshold) };
  }

  /** Every known tag (English and Chinese names), for matching typed words and folder names. */
  vocabulary(): { name: string; name_zh: string | null }[] {
    return this.deps.tags.allTags();
  }

  add(input: string, name: string): PhotoTags {
    const file = this.fileAt(input);
    this.deps.tags.addUserTag(file.id, validTagName(name));
    return this.tagsOf(file.path);
  }

  remove(input: string, name: string): PhotoTags {
    const file = this.fileAt(input);
    if (!this.deps.tags.removeUserTag(file.id, validTagName(name))) {
      throw new LibraryError('not-found', `${file.path} has no tag "${name}".`);
    }
    return this.tagsOf(file.path);
  }

  private fileAt(input: string) {
    const file = this.deps.files.byPath(path.resolve(input));
    if (!file) throw new LibraryError('not-found', `${path.resolve(input)} is not in the catalog (is its folder added and indexed?).`);
    return file;
  }
}

/** Tag names are short labels typed by people: trimmed, no control characters, at most 64 characters. */
export function validTagName(name: string): string {
  const t = name.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (t.length === 0 || t.length > 64 || /\p{Cc}/u.test(t)) {
    throw new LibraryError('invalid', `"${name}" is not a valid tag name (1 to 64 characters, no control characters).`);
  }
  return t;
}
