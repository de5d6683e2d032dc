import path from 'node:path';
import type { FileRepository } from '../catalog/file-repository.js';
import { LibraryError } from '../errors.js';
import type { PhotoText, TextReader } from './text-reader.js';
import type { StoredTextLine, TextRepository } from './text-repository.js';
import { TEXT_STAGE_VERSION } from './text-models.js';
import type { PhotoText as ApiPhotoText, PhotoTextMatch } from '../../../shared/text-types.js';
import { queryTerms } from '../search/text-query.js';
import type { TextMatcher } from './text-match.js';

/** Text in photos for the CLI and the API: what the catalog holds, or a fresh reading of any image file. */
export class TextService {
  constructor(private readonly deps: { reader: TextReader; repo: TextRepository; files: FileRepository; matcher: TextMatcher }) {}

  /**
   * The text in the image at `file`: read now (in or outside the library; nothing is stored), every line the
   * stage would keep, boxes in pixels of the image as displayed. `asIndexed`: only when the quick look sees text,
   * as indexing does (for evaluations).
   */
  async readImage(file: string, opts: { asIndexed?: boolean } = {}): Promise<{ path: string } & PhotoText> {
    const resolved = path.resolve(file);
    const text = await this.deps.reader.read(resolved, Date.now(), { look: opts.asIndexed }).catch((err: unknown) => {
      const reason = (err as { reason?: string }).reason ?? (err as Error).message;
      throw new LibraryError('invalid', `Cannot read the text in ${resolved}: ${reason}`, { cause: err });
    });
    return { path: resolved, ...text };
  }

  /** The stored lines of a catalogued photo; null when its text has not been read yet (or is being re-read). */
  linesOf(fileId: number): StoredTextLine[] | null {
    const file = this.deps.files.byId(fileId);
    if (!file || !this.deps.files.stageDone(fileId, 'text', TEXT_STAGE_VERSION, file.content_hash)) return null;
    return this.deps.repo.linesOf(fileId);
  }

  /** A catalogued photo's text for the viewer; null when there is no such photo. */
  photoText(fileId: number): ApiPhotoText | null {
    const file = this.deps.files.byId(fileId);
    if (!file) return null;
    const lines = this.linesOf(fileId);
    return { read: lines !== null, width: file.width, height: file.height, lines: lines ?? [] };
  }

  /** Which lines of the given photos hold the words of a search (photos without any are left out). */
  matchesIn(text: string, fileIds: readonly number[]): PhotoTextMatch[] {
    const wanted = new Set(fileIds);
    const byId = new Map<number, PhotoTextMatch['matches']>();
    for (const term of queryTerms(text)) {
      for (const [id, m] of this.deps.matcher.match(term)) {
        if (!wanted.has(id)) continue;
        const list = byId.get(id) ?? [];
        for (const l of m.lines) list.push({ term, text: l.text, box: l.box });
        byId.set(id, list);
      }
    }
    return fileIds.filter((id) => byId.has(id)).map((id) => ({ id, matches: byId.get(id)! }));
  }
}
